// A comma-separated option as every command reads it (--targets, --scenarios): items trimmed,
// empty ones dropped, so "a,,b " and "a,b" name the same things.
export function commaList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}
