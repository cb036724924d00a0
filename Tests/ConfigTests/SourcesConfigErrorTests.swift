import Config
import Testing

/// Each broken `sources:` entry or `alerts.push_to`: the file, line and column a person sees, and
/// what to write instead.
struct SourcesConfigErrorTests {
    /// The error for `sources:` followed by `body`, each line of it indented by two spaces; the
    /// first entry's `- ` stands in column 3 of line 2.
    private func sourcesFailure(_ body: String) -> String? {
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        return configFailure("sources:\n" + indented.joined(separator: "\n") + "\n")?.description
    }

    @Test func sourcesIsAListOfPrometheusOrAlertmanagerEntries() {
        #expect(
            configFailure("sources:\n  prometheus: { url: http://p:9090 }\n")?.description
                == "bad.yaml:2:3: 'sources' must be a list, got a mapping; start each source with "
                + "'- prometheus: { url: … }' or '- alertmanager: { url: … }'"
        )
        #expect(
            sourcesFailure("- http://p:9090")
                == "bad.yaml:2:5: source #1 must be a mapping with 'prometheus' or 'alertmanager', got "
                + "'http://p:9090'; write e.g. - prometheus: { url: http://prometheus:9090 }"
        )
        #expect(
            sourcesFailure("- url: http://p:9090\n  discover: up")
                == "bad.yaml:2:5: source #1 has neither 'prometheus' nor 'alertmanager'; "
                + "write - prometheus: { url: … } or - alertmanager: { url: … }"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090 }\n  alertmanager: { url: http://a:9093 }")
                == "bad.yaml:3:5: source #1 has both 'prometheus' and 'alertmanager'; give each its own item in "
                + "the list (- prometheus: { url: … } and - alertmanager: { url: … })"
        )
        #expect(
            sourcesFailure("- prometheus: http://p:9090")
                == "bad.yaml:2:17: 'prometheus' in prometheus source #1 must be a mapping of its settings, got "
                + "'http://p:9090'; write e.g. prometheus: { url: http://prometheus:9090 }"
        )
    }

    @Test func misspeltKeysSuggestTheirSpelling() {
        #expect(
            configFailure("source:\n  - prometheus: { url: http://p:9090 }\n")?.description
                == "bad.yaml:1:1: unknown key 'source' at top level; did you mean 'sources'?"
        )
        #expect(
            sourcesFailure("- promethues: { url: http://p:9090 }")
                == "bad.yaml:2:5: unknown key 'promethues' in source #1; did you mean 'prometheus'?"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, intervall: 15s }")
                == "bad.yaml:2:39: unknown key 'intervall' in prometheus source 'p:9090'; did you mean 'interval'?"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090 }\n  deployment_lable: job")
                == "bad.yaml:3:5: unknown key 'deployment_lable' in prometheus source 'p:9090'; "
                + "did you mean 'deployment_label'?"
        )
        #expect(
            sourcesFailure("- alertmanager: { url: http://a:9093 }\n  discover: up")
                == "bad.yaml:3:5: unknown key 'discover' in alertmanager source 'a:9093'; allowed keys: "
                + "alertmanager, name, url, token_env, interval, timeout, deployment_label"
        )
    }

    @Test func aSettingGivenInsideAndBesideIsNamedOnBothLines() {
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, interval: 15s }\n  discover: up\n  interval: 30s")
                == "bad.yaml:4:5: 'interval' in prometheus source 'p:9090' is given twice, inside 'prometheus' "
                + "on line 2 and beside it on line 4; keep one"
        )
    }

    @Test func theURLIsAnHTTPServerRoot() {
        #expect(
            sourcesFailure("- prometheus: { interval: 15s }")
                == "bad.yaml:2:5: missing required key 'url' in prometheus source #1; add 'url: …'"
        )
        #expect(
            sourcesFailure("- prometheus: { url: ftp://p:9090 }")
                == "bad.yaml:2:24: url scheme 'ftp' in prometheus source 'p:9090' is not supported; "
                + "use http:// or https://"
        )
        #expect(
            sourcesFailure("- alertmanager: { url: alertmanager }")
                == "bad.yaml:2:26: 'alertmanager' in alertmanager source #1 is not a URL; write it as "
                + "http://host:port, such as http://alertmanager:9093"
        )
        #expect(
            sourcesFailure("- prometheus: { url: 'http://p:9090/?tenant=a' }")
                == "bad.yaml:2:24: url 'http://p:9090/?tenant=a' in prometheus source 'p:9090' has a query or "
                + "fragment; give the server's root or route prefix only, such as https://host/prometheus"
        )
        #expect(
            sourcesFailure("- prometheus: { url: 'http://p:99999' }")
                == "bad.yaml:2:24: url 'http://p:99999' in prometheus source 'p:99999' has port 99999; "
                + "ports are 1–65535"
        )
    }

    @Test func valuesHaveTheirForm() {
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, token_env: abc-def }")
                == "bad.yaml:2:50: 'token_env' in prometheus source 'p:9090' must name an environment variable "
                + "(letters, digits, _), such as CHAT_TOKEN; put the token itself in that variable, never in the config"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, interval: 0s }")
                == "bad.yaml:2:49: 'interval' in prometheus source 'p:9090' must be longer than zero; write e.g. 5s"
        )
        #expect(
            sourcesFailure("- alertmanager: { url: http://a:9093, timeout: soon }")
                == "bad.yaml:2:50: 'timeout' in alertmanager source 'a:9093' has bad duration 'soon'; "
                + "write it like 500ms, 5s, 1m30s, 2h or 7d"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, scrape_interval: 0 }")
                == "bad.yaml:2:56: 'scrape_interval' in prometheus source 'p:9090' must be longer than zero; "
                + "write e.g. 5s"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, histogram_batch: 2.5 }")
                == "bad.yaml:2:56: 'histogram_batch' in prometheus source 'p:9090' must be a whole number of "
                + "deployments, 1 or more, got '2.5'; write e.g. histogram_batch: 1000"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090 }\n  discover: ''")
                == "bad.yaml:3:15: 'discover' in prometheus source 'p:9090' is empty; give it a value or remove the key"
        )
    }

    @Test func labelsArePrometheusLabelNames() {
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090 }\n  deployment_label: model-name")
                == "bad.yaml:3:23: 'deployment_label' in prometheus source 'p:9090' must be a Prometheus label name "
                + "(ASCII letters, digits and _, not starting with a digit or __), such as model_name; got 'model-name'"
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, environment_label: __name__ }")
                == "bad.yaml:2:58: 'environment_label' in prometheus source 'p:9090' must be a Prometheus label "
                + "name (ASCII letters, digits and _, not starting with a digit or __), such as model_name; "
                + "got '__name__'"
        )
        #expect(
            sourcesFailure("- alertmanager: { url: http://a:9093, deployment_label: 1job }")?.hasPrefix(
                "bad.yaml:2:59: 'deployment_label' in alertmanager source 'a:9093' must be a Prometheus label name"
            ) == true
        )
        #expect(
            sourcesFailure("- prometheus: { url: http://p:9090, model_label: model name }")?.hasSuffix(
                "got 'model name'"
            ) == true
        )
    }

    @Test func namesAreUniqueAcrossBothKinds() {
        #expect(
            sourcesFailure("- prometheus: { url: http://h:9090 }\n- prometheus: { url: 'https://h:9090/other' }")
                == "bad.yaml:3:24: duplicate source name 'h:9090' (first on line 2); give each source a unique "
                + "'name:' (the default is the URL's host:port)"
        )
        #expect(
            sourcesFailure(
                "- prometheus: { url: http://p:9090, name: eu }\n- alertmanager:\n  url: http://a:9093\n  name: eu"
            )
                == "bad.yaml:5:11: duplicate source name 'eu' (first on line 2); give each source a unique 'name:' "
                + "(the default is the URL's host:port)"
        )
    }

    @Test func pushToNamesAnAlertmanagerSource() {
        #expect(
            configFailure("alerts:\n  push_to: alertmanager\n")?.description
                == "bad.yaml:2:12: 'push_to' in alerts is 'alertmanager', but sources: has no alertmanager; "
                + "add one, such as sources: [ alertmanager: { url: http://alertmanager:9093 } ]"
        )
        let sources = """
            sources:
              - prometheus: { url: http://p:9090 }
              - alertmanager: { url: http://am-eu:9093 }
              - alertmanager: { url: http://am-us:9093 }

            """
        #expect(
            configFailure(sources + "alerts: { push_to: am-us:9039 }\n")?.description
                == "bad.yaml:5:20: 'push_to' in alerts names 'am-us:9039', which is no alertmanager source; "
                + "did you mean 'am-us:9093'?"
        )
        #expect(
            configFailure(sources + "alerts: { push_to: p:9090 }\n")?.description
                == "bad.yaml:5:20: 'push_to' in alerts names 'p:9090', which is a prometheus source, not an "
                + "alertmanager; use one of 'am-eu:9093', 'am-us:9093', or alertmanager for the first"
        )
        #expect(
            configFailure(sources + "alerts:\n  push_to: [am-eu:9093]\n")?.description
                == "bad.yaml:6:12: 'push_to' in alerts must be text, got a list"
        )
    }
}
