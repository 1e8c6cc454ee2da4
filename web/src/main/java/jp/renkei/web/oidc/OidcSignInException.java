package jp.renkei.web.oidc;

/** Signing in through the provider did not end with a member of staff signed in; {@link #failure()} says why. */
public class OidcSignInException extends RuntimeException {

    /** Why, each with the words the sign-in page shows and the status it answers with. */
    public enum Failure {
        /** The staff member (or the provider) declined: {@code error=access_denied} and the like. */
        DENIED(403, "市の認証基盤でサインインが許可されませんでした。もう一度サインインするか、APIキーでサインインしてください。"),
        /** No sign-in of this browser is waiting for that answer: a forged or replayed callback, or a stale tab. */
        UNKNOWN_STATE(400, "このサインインの要求は見つからないか、期限が切れています。もう一度サインインしてください。"),
        /** The provider refused the code (used already, expired, not this client's) or the tokens were not valid. */
        REJECTED(400, "市の認証基盤からの応答を確認できませんでした（認可コードが使用済みか、トークンが無効です）。もう一度サインインしてください。"),
        /** A valid sign-in, but not of the city's staff (the gateway gives the token no staff role). */
        NOT_STAFF(403, "このアカウントは職員デスクの役割（編集・モデレーター・運用）を持っていません。"),
        /** The provider could not be reached or answered with a server error. */
        UNAVAILABLE(503, "市の認証基盤に接続できませんでした。しばらくしてから、もう一度お試しください。");

        private final int status;
        private final String message;

        Failure(int status, String message) {
            this.status = status;
            this.message = message;
        }

        public int status() {
            return status;
        }

        public String message() {
            return message;
        }
    }

    private final Failure failure;

    public OidcSignInException(Failure failure, String detail) {
        super(detail);
        this.failure = failure;
    }

    public OidcSignInException(Failure failure, String detail, Throwable cause) {
        super(detail, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
