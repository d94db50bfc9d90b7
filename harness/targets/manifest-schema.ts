// target.json: everything the harness needs to build, run and probe one target. Adding a target
// means adding one folder with this file; see targets/README.md.
import { z } from 'zod';
import { contractExpectSchema, scenarioRequestSchema } from '../contract/fixture-schema.js';

const argv = z.array(z.string().min(1)).min(1).describe('a command as an argument vector (no shell), run in the target folder');

export const targetManifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    language: z.string().min(1),
    framework: z.string().min(1),
    description: z.string().optional(),
    port: z.object({ env: z.string().default('PORT'), default: z.number().int().positive().default(8080) }).default({ env: 'PORT', default: 8080 }),
    healthPath: z.string().startsWith('/').default('/health'),
    cpuEnv: z
      .string()
      .optional()
      .describe('environment variable that receives the granted CPU count (e.g. WORKERS); omit when the runtime reads its affinity itself'),
    contract: z
      .union([z.literal('reference'), z.literal('none'), z.strictObject({ file: z.string().min(1).describe('a contract file of the target, same format as targets/contract.json') })])
      .default('reference')
      .describe('what verification checks besides the scenarios: the reference contract (targets/contract.json), a contract file of its own, or none (only its scenarios\' own checks)'),
    scenarios: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'scenario names: lowercase letters, digits and dashes'),
        z.strictObject({
          request: scenarioRequestSchema,
          expect: contractExpectSchema.default({ status: 200, headers: {}, headersPresent: [] }).describe('checked on one request before the load (default: status 200)'),
        }),
      )
      .default({})
      .describe('load scenarios of this target, on top of its contract\'s'),
    native: z
      .object({
        requires: z.array(z.string()).default([]).describe('commands that must be on PATH to build or run natively (e.g. cargo, nginx)'),
        build: z.array(argv).default([]).describe('commands run in order to build; skipped when the artifact is newer than every source; none for a system binary or a script'),
        env: z.record(z.string(), z.string()).default({}).describe('extra environment for the build commands'),
        sources: z.array(z.string()).default([]).describe('files or folders whose change means a rebuild'),
        artifact: z.string().optional().describe('the file the build produces; its mtime decides staleness'),
        run: argv.describe('how to start the server; relative paths resolve against the target folder'),
        runEnv: z.record(z.string(), z.string()).default({}),
        sizePaths: z.array(z.string()).min(1).describe('files or folders whose bytes are the artifact size (absolute paths allowed: a system binary)'),
        sizeKind: z.string().default('binary'),
      })
      .strict()
      .refine((native) => native.build.length === 0 || (native.artifact !== undefined && native.sources.length > 0), {
        message: 'a native.build needs native.artifact and native.sources (what it writes, and what makes it stale)',
      })
      .optional()
      .describe('how to build and run the target as a process; leave it out for a target that only runs as a prebuilt image'),
    docker: z
      .object({
        image: z
          .string()
          .min(1)
          .optional()
          .describe('a prebuilt image, used as it is: taken from the engine, or pulled when a registry answers; nothing is built'),
        dockerfile: z.string().default('Dockerfile').describe('the standard multi-stage Dockerfile, built online'),
        buildArgs: z.record(z.string(), z.string()).default({}),
        privileges: z
          .strictObject({
            capAdd: z.array(z.string().regex(/^[A-Z][A-Z_]*$/, 'capability names like NET_BIND_SERVICE')).default([]),
            writableRootfs: z.boolean().default(false),
            runAsRoot: z.boolean().default(false),
            why: z.string().min(1).describe('why this target needs more than least privilege'),
          })
          .optional()
          .describe(
            'more than least privilege, and why: every container otherwise runs with all capabilities dropped, no-new-privileges, a read-only root filesystem (a tmpfs on /tmp) and a non-root user',
          ),
        offline: z
          .object({
            prepare: z.array(argv).default([]).describe('host commands run after the native build, before the offline image build'),
            dockerfile: z.string().describe('a Dockerfile that only COPYs host-built files onto a local base'),
            context: z.array(z.string()).min(1).describe('the only paths (relative to the target folder) sent as the offline build context'),
            baseImage: z.string().nullable().default(null).describe('a base image the project builds itself (e.g. langbench/python-base:bookworm), or null for scratch'),
          })
          .optional(),
      })
      .strict()
      .refine((docker) => docker.image === undefined || docker.offline === undefined, { message: 'docker.image is used as it is: give it or docker.offline, not both' })
      .optional(),
  })
  .strict()
  .refine((manifest) => manifest.native !== undefined || manifest.docker !== undefined, { message: 'give native (run as a process), docker (run as a container), or both' });

export type TargetManifest = z.infer<typeof targetManifestSchema>;
