// Where a long step (a build, a Docker cleanup) says what it is doing. The bench loop reports
// through its own events; builds and runtimes only need these two lines.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}
