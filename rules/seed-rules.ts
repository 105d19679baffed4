/** The automation rule of seed 002 §14, verbatim: tests and the reference data use it as written. */
export const SEED_VIP_P1_RULE = {
  name: 'vip_p1_auto_escalate',
  if: {
    and: [{ eq: ['priority', 'P1'] }, { eq: ['customerTier', 'VIP'] }],
  },
  then: [
    { action: 'assign', group: 'senior_team' },
    { action: 'notify', channel: 'wecom', target: '售后值班群' },
    { action: 'start_timer', sla: 'p1_8h' },
  ],
} as const;
