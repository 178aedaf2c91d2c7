// Importing the package alone, nothing called: what its module graph costs a script at start.
import { assumeRole } from 'sts-creds';

process.stdout.write(`${typeof assumeRole}\n`);
