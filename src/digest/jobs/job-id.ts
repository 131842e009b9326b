/**
 * The BullMQ job id of one day's digest: the same on every node, so enqueueing a run twice keeps
 * one job. BullMQ refuses a custom id that contains ':' or is all digits; the `digest-` prefix
 * rules out the second and the characters are checked for the first.
 */
export function digestJobId(subscriptionId: string, localDate: string): string {
  const id = `digest-${subscriptionId}-${localDate}`;
  if (id.includes(':')) throw new RangeError(`a digest job id cannot contain ':' (${id})`);
  return id;
}
