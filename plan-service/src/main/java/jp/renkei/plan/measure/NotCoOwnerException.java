package jp.renkei.plan.measure;

/** A partner asked to change a plan it does not co-own, or the owner's staff to approve as a co-owner. */
public class NotCoOwnerException extends RuntimeException {

    public NotCoOwnerException(String planId, String partnerId) {
        super(partnerId == null
                ? "only a co-owner of plan " + planId + " approves its measures; the owner approves by adopting"
                : "partner " + partnerId + " does not co-own plan " + planId + "; a partner changes only the joint "
                + "plans it co-owns");
    }
}
