package org.opensbc.core.admin;

import static org.opensbc.core.json.JsonText.quote;

import java.util.List;
import java.util.stream.Collectors;
import org.opensbc.core.routing.PolicyFile;
import org.opensbc.rules.RuleError;

/**
 * The admin routes of one policy file (routing.yaml as /rules, acl.yaml as /acl): GET the text
 * in force, POST …/validate a candidate, PUT a new text (validated, written, put in force), POST
 * …/reload from disk. A refused text changes nothing and answers 422 with every mistake.
 */
public final class PolicyEndpoints {

    private PolicyEndpoints() {
    }

    public static void add(AdminHttpServer server, String path, PolicyFile<?> file, String builtInText) {
        server.route("GET", path, false, body -> {
            String text = file.text();
            return new AdminHttpServer.Reply(200, "application/yaml; charset=utf-8", text != null ? text : builtInText);
        });
        server.route("POST", path + "/validate", false, body -> {
            List<RuleError> errors = file.validate(body);
            return AdminHttpServer.Reply.json(errors.isEmpty() ? 200 : 422,
                    "{\"valid\":" + errors.isEmpty() + ",\"errors\":" + errors(errors) + "}\n");
        });
        server.route("PUT", path, false, body -> outcome(file.apply(body)));
        server.route("POST", path + "/reload", false, body -> outcome(file.reload()));
    }

    private static AdminHttpServer.Reply outcome(PolicyFile.Outcome outcome) {
        return AdminHttpServer.Reply.json(outcome.applied() ? 200 : 422, "{\"applied\":" + outcome.applied()
                + ",\"version\":" + outcome.version() + ",\"errors\":" + errors(outcome.errors()) + "}\n");
    }

    private static String errors(List<RuleError> errors) {
        return errors.stream().map(e -> quote(e.toString())).collect(Collectors.joining(",", "[", "]"));
    }
}
