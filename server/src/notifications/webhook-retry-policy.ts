/** What a webhook endpoint may answer that is worth another attempt, unless its queue says otherwise. */
export const DEFAULT_RETRIED_STATUS = (status: number): boolean => status >= 500 || status === 408 || status === 429;

/**
 * Whether a webhook delivery that got `status` is tried again. `queueStatuses` is the queue's
 * own list (AdminService.SetQueueNotifications); null or empty means the default: every 5xx, 408
 * and 429. Any other answer says the request itself is refused, and the same request would be
 * again, so the delivery fails for good. (Network errors and timeouts never reach here: always
 * retried.)
 */
export function isRetriedWebhookStatus(status: number, queueStatuses: readonly number[] | null): boolean {
  return queueStatuses && queueStatuses.length > 0 ? queueStatuses.includes(status) : DEFAULT_RETRIED_STATUS(status);
}
