package jp.renkei.plan.web;

class BodyDisagreesWithPathException extends RuntimeException {

    private final String field;

    BodyDisagreesWithPathException(String field, String inBody, String inPath) {
        super(field + " in the body (" + inBody + ") differs from the path (" + inPath + ")");
        this.field = field;
    }

    String field() {
        return field;
    }
}
