package org.opensbc.core.admin;

import java.util.List;
import org.opensbc.core.json.Json;
import org.opensbc.core.routing.PolicyFile;
import org.opensbc.rules.RuleError;
import org.opensbc.rules.RulesException;

/**
 * The admin routes of one policy file (routing.yaml as /rules, acl.yaml as /acl): GET the text
 * in force, POST …/validate a candidate, PUT a new text (validated, written, put in force), POST
 * …/reload from disk. A refused text changes nothing and answers 422 with every mistake. Secrets
 * in the text are shown masked, and a masked value sent back stands for the one in force.
 */
public final class PolicyEndpoints {

    /** How a file's secrets are shown and taken back. */
    public interface Secrets {
        /** The text as GET shows it. */
        String shown(String text);

        /** The text to validate and save for one sent back (masked values restored). */
        String taken(String text) throws RulesException;

        /** A file without secrets (acl.yaml). */
        Secrets NONE = new Secrets() {
            @Override
            public String shown(String text) {
                return text;
            }

            @Override
            public String taken(String text) {
                return text;
            }
        };
    }

    /** What POST …/validate answers; each error reads "file:line:col: message". */
    record Validation(boolean valid, List<String> errors) {
    }

    /** What PUT and POST …/reload answer: whether the text is in force now, and the version in force. */
    record Applied(boolean applied, long version, List<String> errors) {
    }

    private PolicyEndpoints() {
    }

    public static void add(AdminHttpServer server, String path, PolicyFile<?> file, String builtInText, Secrets secrets) {
        server.route("GET", path, false, body -> {
            String text = file.text();
            return new AdminHttpServer.Reply(200, "application/yaml; charset=utf-8",
                    text != null ? secrets.shown(text) : builtInText);
        });
        server.route("POST", path + "/validate", false, body -> {
            List<RuleError> errors;
            try {
                errors = file.validate(secrets.taken(body));
            } catch (RulesException e) {
                errors = e.errors();
            }
            return AdminHttpServer.Reply.json(errors.isEmpty() ? 200 : 422,
                    Json.line(new Validation(errors.isEmpty(), texts(errors))));
        });
        server.route("PUT", path, false, body -> {
            try {
                return outcome(file.apply(secrets.taken(body)));
            } catch (RulesException e) {
                return outcome(new PolicyFile.Outcome(false, file.version(), e.errors()));
            }
        });
        server.route("POST", path + "/reload", false, body -> outcome(file.reload()));
    }

    private static AdminHttpServer.Reply outcome(PolicyFile.Outcome outcome) {
        return AdminHttpServer.Reply.json(outcome.applied() ? 200 : 422,
                Json.line(new Applied(outcome.applied(), outcome.version(), texts(outcome.errors()))));
    }

    private static List<String> texts(List<RuleError> errors) {
        return errors.stream().map(RuleError::toString).toList();
    }
}
