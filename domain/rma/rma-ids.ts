/** RMA numbers (RMA-20261122-7F3K9Q2M) and their workflow ids. Pure: the workflow bundle imports it. */
export const RMA_ID_PATTERN = /^RMA-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;

export function rmaWorkflowId(rmaId: string): string {
  return `rma-${rmaId}`;
}
