/**
 * `exec --server`'s view of the shared configuration files. The AWS SDKs, the AWS CLI and minio-go look
 * at the shared credentials and config files before the container endpoint, so a `[default]` profile
 * with keys (common among MinIO users) would win over the server. The command therefore gets its own
 * files: an empty credentials file, the user's config file with every credential setting taken out
 * (region, endpoints and other settings stay), and an mc configuration without aliases for minio-go's
 * `FileMinioClient`. They are written to a new private directory and removed when the command ends.
 */
import { mkdtemp, rm } from '../fs/promised-fs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateFile } from '../cache/private-files.js';
import { configWithoutCredentials } from '../format/config-without-credentials.js';
import { awsFilePaths } from './inputs/aws-profile.js';
import { readConfigFile } from './inputs/files.js';
import type { CliIo } from './io.js';

/**
 * Variables of other credential sources that come before the container endpoint in minio-go's usual
 * chain (`EnvMinio`), taken out of the command's environment by `exec --server` as well.
 */
export const SERVER_SCRUBBED_VARIABLES = ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD', 'MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY'] as const;

/** The files handed to the command, and how to remove them. */
export interface ServerSharedFiles {
  /** `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE` and `MINIO_SHARED_CREDENTIALS_FILE`. */
  vars: Array<[string, string]>;
  /** Removes the directory and its files; never throws. */
  remove(): Promise<void>;
}

/**
 * Writes the command's shared files (each 0600, in a new 0700 directory under the system's temporary
 * directory) from the user's AWS config file as the AWS tools would find it.
 * @throws {@link CliUsageError} when the user's config file cannot be read or is not trusted
 */
export async function writeServerSharedFiles(env: CliIo['env'], homedir: string): Promise<ServerSharedFiles> {
  const { configFile } = awsFilePaths(env, homedir);
  const config = (await readConfigFile('AWS config file', configFile)) ?? '';
  const dir = await mkdtemp(join(tmpdir(), 'sts-creds-exec-'));
  const remove = (): Promise<void> => rm(dir).catch(() => undefined);
  try {
    const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config'), mc: join(dir, 'mc-config.json') };
    await createPrivateFile(files.credentials, '');
    await createPrivateFile(files.config, configWithoutCredentials(config));
    await createPrivateFile(files.mc, '{"version":"10","aliases":{}}\n');
    return {
      vars: [
        ['AWS_SHARED_CREDENTIALS_FILE', files.credentials],
        ['AWS_CONFIG_FILE', files.config],
        ['MINIO_SHARED_CREDENTIALS_FILE', files.mc],
      ],
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
