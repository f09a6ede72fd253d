// A partition's saved position: the sequence number of the last message committed (what the next
// start reads after, exclusive), with its offset and enqueued time for people reading the cursor.

export interface PartitionPosition {
  sequenceNumber: number;
  offset: string;
  /** Epoch ms the message was enqueued. */
  enqueuedAt: number;
}

/** Parses a saved position; null when there is none or it cannot be read (the partition starts at startAt). */
export function decodePosition(raw: string | null): PartitionPosition | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as Record<string, unknown> | null;
    if (typeof v !== 'object' || v === null) return null;
    if (typeof v.sequenceNumber !== 'number' || !Number.isSafeInteger(v.sequenceNumber) || v.sequenceNumber < 0) return null;
    return { sequenceNumber: v.sequenceNumber, offset: typeof v.offset === 'string' ? v.offset : '', enqueuedAt: typeof v.enqueuedAt === 'number' ? v.enqueuedAt : 0 };
  } catch {
    return null;
  }
}

export function encodePosition(p: PartitionPosition): string {
  return JSON.stringify({ sequenceNumber: p.sequenceNumber, offset: p.offset, enqueuedAt: p.enqueuedAt });
}
