// Which images a Dockerfile builds FROM, so `--build auto` knows whether an online build needs
// the registry. Handles ARG defaults before the first FROM, --build-arg overrides, --platform,
// stage names and scratch.
export function dockerfileBaseImages(text: string, buildArgs: Record<string, string> = {}): string[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((line) => line.trim());
  const args: Record<string, string> = {};
  const stages = new Set<string>();
  const bases: string[] = [];
  let seenFrom = false;
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    const [instruction = '', ...rest] = line.split(/\s+/);
    const keyword = instruction.toUpperCase();
    if (keyword === 'ARG' && !seenFrom) {
      for (const declaration of rest) {
        const eq = declaration.indexOf('=');
        const name = eq < 0 ? declaration : declaration.slice(0, eq);
        const value = eq < 0 ? undefined : declaration.slice(eq + 1).replace(/^["']|["']$/g, '');
        const chosen = buildArgs[name] ?? value;
        if (chosen !== undefined) args[name] = chosen;
      }
    } else if (keyword === 'FROM') {
      seenFrom = true;
      const words = rest.filter((word) => !word.startsWith('--'));
      const image = (words[0] ?? '').replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string, b: string) => args[a ?? b] ?? '');
      const alias = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      if (image !== '' && image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase())) bases.push(image);
      if (alias) stages.add(alias.toLowerCase());
    }
  }
  return [...new Set(bases)];
}
