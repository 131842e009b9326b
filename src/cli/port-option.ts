import { z } from 'zod';

/** `--port`: a TCP port (0 takes any free one), said as such when it is not one. */
export const portOption = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a port number')
  .min(0, 'expected a port number')
  .max(65_535, 'expected a port number');
