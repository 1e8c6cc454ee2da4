package jp.renkei.plan.web;

class PlanNotFoundException extends RuntimeException {

    PlanNotFoundException(String planId) {
        super("no plan " + planId);
    }
}
