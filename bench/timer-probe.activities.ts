export function createProbeActivities() {
  return {
    async probeFired(dueAtMs: number): Promise<number> {
      return Date.now() - dueAtMs;
    },
  };
}
