import Config
import Foundation
import TestSupport
import Testing

/// One test per kind of bad config: each asserts the file, line, column and message a person sees.
struct ConfigErrorTests {
    @Test func unknownDeploymentKeySuggestsTheClosestKey() throws {
        let error = try #require(
            configFailure(
                """
                deployments:
                  - name: chat-prod
                    url: http://10.0.0.5:8000
                    intervall: 5s
                """
            )
        )
        #expect(error.kind == .unknownKey)
        #expect(error.file == "bad.yaml" && error.line == 4 && error.column == 5)
        #expect(error.message == "unknown key 'intervall' in deployment 'chat-prod'; did you mean 'interval'?")
        #expect(
            error.description
                == "bad.yaml:4:5: unknown key 'intervall' in deployment 'chat-prod'; did you mean 'interval'?"
        )
    }

    @Test func unknownTopLevelKeyIsReported() throws {
        let typo = try #require(configFailure("deployment:\n  - name: a\n"))
        #expect(typo.kind == .unknownKey && typo.line == 1 && typo.column == 1)
        #expect(typo.message == "unknown key 'deployment' at top level; did you mean 'deployments'?")

        let stranger = try #require(configFailure("store: {}\ncolour: red\n"))
        #expect(stranger.line == 2 && stranger.column == 1)
        #expect(
            stranger.message
                == "unknown key 'colour' at top level; allowed keys: deployments, sources, store, experiments, pricing, "
                + "alerts, actions"
        )
    }

    @Test func unknownNestedStoreKeyIsReported() throws {
        let error = try #require(configFailure("store:\n  retention:\n    daily: 5d\n"))
        #expect(error.kind == .unknownKey && error.line == 3 && error.column == 5)
        #expect(error.message == "unknown key 'daily' in store.retention; allowed keys: raw, minute, hour")
    }

    @Test func urlWithAnotherSchemeIsRejected() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    url: ftp://host:21\n"))
        #expect(error.kind == .invalidURL && error.line == 3 && error.column == 10)
        #expect(error.message == "url scheme 'ftp' in deployment 'a' is not supported; use http:// or https://")
    }

    @Test func urlWithoutHostIsRejected() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    url: 'http://'\n"))
        #expect(error.kind == .invalidURL && error.line == 3 && error.column == 10)
        #expect(
            error.message
                == "url 'http://' in deployment 'a' has no host; write it as http://host:port, or the metrics URL such as http://host:8002/metrics"
        )
    }

    @Test func textThatIsNoURLIsRejected() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    url: \"not a url\"\n"))
        #expect(error.kind == .invalidURL && error.line == 3 && error.column == 10)
        #expect(
            error.message
                == "'not a url' in deployment 'a' is not a URL; write it as http://host:port, or the metrics URL such as http://host:8002/metrics"
        )
    }

    @Test func badDurationIsRejected() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    url: http://h:1\n    interval: 5 sec\n"))
        #expect(error.kind == .invalidDuration && error.line == 4 && error.column == 15)
        #expect(
            error.message
                == "'interval' in deployment 'a' has bad duration '5 sec'; write it like 500ms, 5s, 1m30s, 2h or 7d"
        )
    }

    @Test func zeroDurationIsRejected() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    url: http://h:1\n    timeout: 0s\n"))
        #expect(error.kind == .invalidDuration && error.line == 4 && error.column == 14)
        #expect(error.message == "'timeout' in deployment 'a' must be longer than zero; write e.g. 5s")
    }

    @Test func badRetentionDurationIsRejected() throws {
        let error = try #require(configFailure("store:\n  retention: { raw: forever }\n"))
        #expect(error.kind == .invalidDuration && error.line == 2 && error.column == 21)
        #expect(
            error.message
                == "'raw' in store.retention has bad duration 'forever'; write it like 500ms, 5s, 1m30s, 2h or 7d"
        )
    }

    @Test func unknownKindSuggestsTheSupportedSpelling() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    url: http://h:1\n    kind: llama.cpp\n"))
        #expect(error.kind == .unknownKind && error.line == 4 && error.column == 11)
        #expect(error.message == "unknown kind 'llama.cpp' in deployment 'a'; did you mean 'llamacpp'?")

        let other = try #require(configFailure("deployments:\n  - name: a\n    url: http://h:1\n    kind: mystery\n"))
        #expect(
            other.message
                == "unknown kind 'mystery' in deployment 'a'; use one of vllm, tgi, llamacpp, triton, sglang, "
                + "ollama, litellm, openai, prometheus or omit 'kind' to auto-detect"
        )
    }

    @Test func wrongTypesAreRejected() throws {
        let notAList = try #require(configFailure("deployments: chat-prod\n"))
        #expect(notAList.kind == .wrongType && notAList.line == 1 && notAList.column == 14)
        #expect(
            notAList.message == "'deployments' must be a list, got 'chat-prod'; start each deployment with '- name:'"
        )

        let listInterval = try #require(
            configFailure("deployments:\n  - name: a\n    url: http://h:1\n    interval: [5]\n")
        )
        #expect(listInterval.kind == .wrongType && listInterval.line == 4 && listInterval.column == 15)
        #expect(listInterval.message == "'interval' in deployment 'a' must be a duration such as 5s, got a list")

        let mappingName = try #require(configFailure("deployments:\n  - name: {first: a}\n    url: http://h:1\n"))
        #expect(mappingName.kind == .wrongType && mappingName.line == 2 && mappingName.column == 11)
        #expect(mappingName.message == "'name' in deployment #1 must be text, got a mapping")

        let scalarDeployment = try #require(configFailure("deployments:\n  - chat-prod\n"))
        #expect(scalarDeployment.line == 2 && scalarDeployment.column == 5)
        #expect(
            scalarDeployment.message
                == "deployment #1 must be a mapping with at least 'name' and 'url', got 'chat-prod'"
        )
    }

    @Test func missingRequiredKeyPointsAtTheDeployment() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    kind: vllm\n"))
        #expect(error.kind == .missingKey && error.line == 2 && error.column == 5)
        #expect(error.message == "missing required key 'url' in deployment 'a'; add 'url: …'")

        let nameless = try #require(
            configFailure("deployments:\n  - url: http://h:1\n  - name: b\n    url: http://h:2\n")
        )
        #expect(nameless.line == 2 && nameless.column == 5)
        #expect(nameless.message == "missing required key 'name' in deployment #1; add 'name: …'")
    }

    @Test func duplicateDeploymentNamesAreRejected() throws {
        let error = try #require(
            configFailure(
                "deployments:\n  - name: a\n    url: http://h:1\n  - name: a\n    url: http://h:2\n"
            )
        )
        #expect(error.kind == .duplicateName && error.line == 4 && error.column == 11)
        #expect(
            error.message
                == "duplicate deployment name 'a' (first defined on line 2); give each deployment a unique name"
        )
    }

    @Test func duplicateKeysAreRejected() throws {
        let error = try #require(
            configFailure("deployments:\n  - name: a\n    url: http://h:1\n    url: http://h:2\n")
        )
        #expect(error.kind == .duplicateKey && error.line == 3 && error.column == 5)
        #expect(error.message == "duplicate key 'url' in one mapping; keep only one of them")
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() throws {
        let error = try #require(configFailure("deployments:\n  - name: a\n    url: [http://h:1\n"))
        #expect(error.kind == .syntax)
        #expect(error.file == "bad.yaml" && error.line == 4 && error.column == 1)
        #expect(error.message.hasPrefix("invalid YAML: "))
        #expect(error.message.hasSuffix("; check indentation (spaces, not tabs) and quoting"))

        let tab = try #require(configFailure("deployments:\n\t- name: a\n"))
        #expect(tab.kind == .syntax && tab.line == 2 && tab.column == 1)
    }

    @Test func tokenEnvMustNameAVariable() throws {
        let error = try #require(
            configFailure("deployments:\n  - name: a\n    url: http://h:1\n    token_env: sk-live-123\n")
        )
        #expect(error.kind == .invalidValue && error.line == 4 && error.column == 16)
        #expect(
            error.message
                == "'token_env' in deployment 'a' must name an environment variable (letters, digits, _), such as "
                + "CHAT_TOKEN; put the token itself in that variable, never in the config"
        )
    }

    @Test func metricsPathMustBeAbsolute() throws {
        let error = try #require(
            configFailure("deployments:\n  - name: a\n    url: http://h:1\n    metrics_path: metrics\n")
        )
        #expect(error.kind == .invalidValue && error.line == 4 && error.column == 19)
        #expect(
            error.message
                == "'metrics_path' in deployment 'a' must be a path starting with '/', such as /metrics, or an http(s):// URL"
        )
    }

    @Test func missingFileIsReportedWithItsPath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("absent.yaml")
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path) }
        do {
            _ = try ConfigLoader.load(path: path)
        } catch {
            #expect(error.kind == .unreadableFile && error.file == path && error.line == 0 && error.column == 0)
            #expect(error.description == "\(path): config file not found; create it or pass --config FILE")
        }
    }

    @Test func directoryInsteadOfFileIsReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            _ = try ConfigLoader.load(path: directory.url.path)
            Issue.record("a directory loaded as a config")
        } catch {
            #expect(error.kind == .unreadableFile && error.line == 0)
            #expect(error.message == "is a directory, not a config file; pass the YAML file with --config FILE")
        }
    }
}
