/**
 * Why consultation-service refuses a request, as its domain says it: a field that breaks a rule, a step the state
 * does not allow, something that is not there. Free of web types; the web edge ({@code web.ApiExceptionHandler})
 * turns each into its problem+json answer.
 */
package jp.renkei.consultation.refusal;
