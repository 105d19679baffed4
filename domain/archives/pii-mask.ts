/** The archive maskers now live with the other PII maskers; kept here for the archive callers. */
export { maskContacts, maskEmail, maskPhone, maskSerial } from '../pii/pii-maskers';
