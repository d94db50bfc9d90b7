// `docker image inspect` Size through the CLI: the number users compare langbench's against.
import { execFileSync } from 'node:child_process';

export function cliImageSize(ref: string, apiVersion: string | undefined): number {
  const env = { ...process.env, DOCKER_API_VERSION: process.env.DOCKER_API_VERSION ?? apiVersion };
  return Number(execFileSync('docker', ['image', 'inspect', '--format', '{{.Size}}', ref], { env }).toString().trim());
}
