// What `langbench init` writes for each language: a commented target.json to start from, and a
// Dockerfile where a standard one exists. Templates only; nothing here touches the disk.

export const INIT_LANGUAGES = ['rust', 'go', 'python', 'node', 'other'] as const;
export type InitLanguage = (typeof INIT_LANGUAGES)[number];

interface LanguageTemplate {
  language: string;
  framework: string;
  requires: string[];
  /** native build steps (argument vectors); none for an interpreted or system-installed server */
  build: string[][];
  sources: string[];
  artifact: string | null;
  run: string[];
  sizePaths: string[];
  sizeKind: string;
  /** a standard Dockerfile, or null when the language has none that fits every server */
  dockerfile: string | null;
}

function template(language: InitLanguage, name: string): LanguageTemplate {
  switch (language) {
    case 'rust':
      return {
        language: 'Rust',
        framework: 'your framework (axum, actix-web, hyper…)',
        requires: ['cargo'],
        build: [['cargo', 'build', '--release', '--locked']],
        sources: ['src', 'Cargo.toml', 'Cargo.lock'],
        artifact: `target/release/${name}`,
        run: [`./target/release/${name}`],
        sizePaths: [`target/release/${name}`],
        sizeKind: 'binary',
        dockerfile: [
          'FROM rust:1-bookworm AS build',
          'WORKDIR /src',
          'COPY . .',
          'RUN cargo build --release --locked',
          '',
          'FROM debian:bookworm-slim',
          `COPY --from=build /src/target/release/${name} /usr/local/bin/server`,
          'USER 65534',
          'CMD ["/usr/local/bin/server"]',
        ].join('\n'),
      };
    case 'go':
      return {
        language: 'Go',
        framework: 'net/http (or your router)',
        requires: ['go'],
        build: [['go', 'build', '-trimpath', '-o', `bin/${name}`, '.']],
        sources: ['.'],
        artifact: `bin/${name}`,
        run: [`./bin/${name}`],
        sizePaths: [`bin/${name}`],
        sizeKind: 'static binary',
        dockerfile: [
          'FROM golang:1-bookworm AS build',
          'WORKDIR /src',
          'COPY . .',
          'RUN CGO_ENABLED=0 go build -trimpath -o /server .',
          '',
          'FROM scratch',
          'COPY --from=build /server /server',
          'USER 65534',
          'CMD ["/server"]',
        ].join('\n'),
      };
    case 'python':
      return {
        language: 'Python',
        framework: 'your framework (FastAPI, Starlette, Flask…)',
        requires: ['python3'],
        build: [
          ['python3', '-m', 'venv', '--clear', '.venv'],
          ['.venv/bin/python', '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-r', 'requirements.txt'],
        ],
        sources: ['requirements.txt'],
        artifact: '.venv/bin/python',
        run: ['.venv/bin/python', 'server.py'],
        sizePaths: ['.venv', 'server.py'],
        sizeKind: 'virtualenv + sources',
        dockerfile: [
          'FROM python:3.11-slim-bookworm',
          'WORKDIR /app',
          'COPY requirements.txt .',
          'RUN pip install --no-cache-dir -r requirements.txt',
          'COPY . .',
          'USER 65534',
          'CMD ["python", "server.py"]',
        ].join('\n'),
      };
    case 'node':
      return {
        language: 'JavaScript (Node.js)',
        framework: 'node:http (or your framework)',
        requires: ['node'],
        build: [],
        sources: [],
        artifact: null,
        run: ['node', 'server.js'],
        sizePaths: ['server.js'],
        sizeKind: 'sources',
        dockerfile: ['FROM node:20-bookworm-slim', 'WORKDIR /app', 'COPY . .', 'USER 65534', 'CMD ["node", "server.js"]'].join('\n'),
      };
    case 'other':
      return {
        language: 'your language',
        framework: 'your server',
        requires: [],
        build: [],
        sources: [],
        artifact: null,
        run: ['./run.sh'],
        sizePaths: ['run.sh'],
        sizeKind: 'script',
        dockerfile: null,
      };
  }
}

const json = (value: unknown): string => JSON.stringify(value);
const argvList = (commands: string[][]): string => (commands.length === 0 ? '[]' : `[\n      ${commands.map(json).join(',\n      ')}\n    ]`);

/** target.json with a comment on every field a newcomer has to decide about. */
export function manifestText(language: InitLanguage, name: string): string {
  const t = template(language, name);
  const buildLines =
    t.build.length === 0
      ? [
          '    // nothing to build: the server runs as it is (an interpreter, a script, a system binary).',
          '    // When there is a build, give its commands here, and "sources" and "artifact" below.',
          '    "build": [],',
        ]
      : [
          '    // run in this folder, in order, as argument vectors (no shell); skipped while "artifact"',
          '    // is newer than every path in "sources"',
          `    "build": ${argvList(t.build)},`,
          `    "sources": ${json(t.sources)},`,
          `    "artifact": ${json(t.artifact)},`,
        ];
  const docker =
    t.dockerfile === null
      ? [
          '  // To run it as a container too, add:',
          '  //   "docker": { "dockerfile": "Dockerfile" }   a Dockerfile langbench builds, or',
          '  //   "docker": { "image": "my/server:tag" }     an image you built, used as it is',
          '  // Containers run with every capability dropped, a read-only root filesystem (a tmpfs',
          '  // on /tmp) and, when the image would run as root, as user 65534; see targets/README.md',
          '  // (docker.privileges) when the server needs more, and say why.',
        ]
      : [
          '  // --runtime docker builds this Dockerfile (base images must be pullable). To use an image',
          '  // you built yourself instead, replace "dockerfile" with "image": "my/server:tag".',
          '  // Containers run with every capability dropped, a read-only root filesystem (a tmpfs on',
          '  // /tmp) and a non-root user; see docker.privileges in targets/README.md to ask for more.',
          '  "docker": { "dockerfile": "Dockerfile" }',
        ];
  return [
    '// A langbench target (JSON with comments). Reference: targets/README.md in the langbench package.',
    '// Check it with: npx langbench targets --targets-dir <the folder holding this one>',
    '{',
    `  // must equal this folder's name`,
    `  "name": ${json(name)},`,
    `  "language": ${json(t.language)},`,
    `  "framework": ${json(t.framework)},`,
    '',
    '  // langbench sets this variable to the port the server must listen on (on 127.0.0.1)',
    '  "port": { "env": "PORT", "default": 8080 },',
    '  // polled until it answers 200 (a JSON body with "status" other than "ok" means not yet):',
    '  // the cold start is the time to the first such answer',
    '  "healthPath": "/health",',
    '',
    '  // what verification checks before any load: "reference" (the 53 cases of langbench\'s',
    '  // /json and /tool contract), {"file": "contract.json"} (a contract of your own, same format),',
    '  // or "none" (only each scenario\'s own check below)',
    '  "contract": "none",',
    '',
    '  // the requests to load, one scenario each (run them with --scenarios hello,...). Each is',
    '  // sent once and checked against "expect" before it is loaded; a body goes in "json" or "body".',
    '  "scenarios": {',
    '    "hello": {',
    '      "request": { "method": "GET", "path": "/" },',
    '      "expect": { "status": 200 }',
    '      // e.g. a POST: "request": { "method": "POST", "path": "/tool", "json": { "text": "a b c" } },',
    '      //            "expect": { "status": 200, "jsonSubset": { "ok": true } }',
    '    }',
    '  },',
    '',
    '  "native": {',
    '    // commands that must be on PATH (checked first, with a hint)',
    `    "requires": ${json(t.requires)},`,
    ...buildLines,
    '    // how to start the server: a first word with a "/" is relative to this folder',
    `    "run": ${json(t.run)},`,
    '    // measured as the artifact size: relative to this folder, or absolute (a system binary)',
    `    "sizePaths": ${json(t.sizePaths)},`,
    `    "sizeKind": ${json(t.sizeKind)}`,
    t.dockerfile === null ? '  }' : '  },',
    ...docker,
    '}',
    '',
  ].join('\n');
}

export function dockerfileText(language: InitLanguage, name: string): string | null {
  const text = template(language, name).dockerfile;
  return text === null ? null : `# A starting point: adapt it to your server. langbench builds it for --runtime docker.\n${text}\n`;
}
