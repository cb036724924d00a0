import FlyingFox
import Foundation

/// The real endpoints of each server kind (serving-metrics.md §2–§4, fixtures/endpoints.json).
extension ServerHost {
    /// The answer to `GET path` on a server without an active fault (except `down`).
    func endpoint(path: String) -> HTTPResponse {
        let isDown = model.fault != .none
        switch identity.kind {
        case .vllm: return vllm(path: path, isDown: isDown)
        case .tgi: return tgi(path: path, isDown: isDown)
        case .llamacpp: return llamaCpp(path: path, isDown: isDown)
        }
    }

    private func vllm(path: String, isDown: Bool) -> HTTPResponse {
        let now = Int(Date().timeIntervalSince1970)
        switch path {
        case "/health", "/ping":
            // 503 with an empty body is vLLM's EngineDeadError answer.
            return Responses.raw(status: isDown ? 503 : 200, contentType: "application/json", Data())
        case "/version":
            return Responses.json(status: 200, ["version": "0.11.2"])
        case "/load":
            let load = model.runningAndWaiting
            return Responses.json(status: 200, ["server_load": load.running + load.waiting])
        case "/v1/models":
            let card: [String: Any] = [
                "id": model.servedModel, "object": "model", "created": now, "owned_by": "vllm",
                "root": model.reportedVersion, "parent": NSNull(), "max_model_len": ServerMetrics.maxModelLength,
                "permission": [
                    [
                        "id": "modelperm-\(ServerModel.sha(of: identity.name).prefix(16))",
                        "object": "model_permission",
                        "created": now, "allow_create_engine": false, "allow_sampling": true, "allow_logprobs": true,
                        "allow_search_indices": false, "allow_view": true, "allow_fine_tuning": false,
                        "organization": "*", "group": NSNull(), "is_blocking": false,
                    ]
                ],
            ]
            return Responses.json(status: 200, ["object": "list", "data": [card]])
        case "/metrics":
            return Responses.text(VLLMExposition.render(model), contentType: VLLMExposition.contentType)
        default:
            return Responses.json(status: 404, ["detail": "Not Found"])
        }
    }

    private func tgi(path: String, isDown: Bool) -> HTTPResponse {
        switch path {
        case "/health", "/", "/ping":
            if isDown {
                return Responses.json(status: 503, ["error": "unhealthy", "error_type": "healthcheck"])
            }
            return Responses.raw(status: 200, contentType: "text/plain; charset=utf-8", Data())
        case "/info":
            return Responses.json(
                status: 200,
                [
                    "model_id": model.servedModel, "model_sha": model.reportedVersion,
                    "model_pipeline_tag": "text-generation", "max_concurrent_requests": 128, "max_best_of": 2,
                    "max_stop_sequences": 4, "max_input_tokens": ServerMetrics.tgiMaxInputTokens,
                    "max_total_tokens": ServerMetrics.tgiMaxTotalTokens, "validation_workers": 2,
                    "max_client_batch_size": 4, "router": "text-generation-router", "version": "3.3.7",
                    "sha": NSNull(), "docker_label": NSNull(),
                ]
            )
        case "/v1/models":
            let card: [String: Any] = [
                "id": model.servedModel, "object": "model", "created": 0, "owned_by": model.servedModel,
            ]
            return Responses.json(status: 200, ["object": "list", "data": [card]])
        case "/metrics":
            scrapes += 1
            return Responses.text(TGIExposition.render(model, scrape: scrapes), contentType: TGIExposition.contentType)
        default:
            return Responses.raw(status: 404, contentType: "text/plain; charset=utf-8", Data())
        }
    }

    private func llamaCpp(path: String, isDown: Bool) -> HTTPResponse {
        if isDown {
            // While loading, llama-server answers every endpoint with this 503.
            let error: [String: Any] = ["code": 503, "message": "Loading model", "type": "unavailable_error"]
            return Responses.json(status: 503, ["error": error])
        }
        switch path {
        case "/health", "/v1/health":
            return Responses.json(status: 200, ["status": "ok"])
        case "/props":
            let settings: [String: Any] = [
                "id": 0, "id_task": -1, "n_ctx": ServerMetrics.maxModelLength, "speculative": false,
                "is_processing": model.runningAndWaiting.running > 0,
                "params": ["n_predict": -1, "temperature": 0.8, "top_k": 40, "top_p": 0.95],
            ]
            return Responses.json(
                status: 200,
                [
                    "default_generation_settings": settings, "total_slots": LlamaCppExposition.slots,
                    "model_path": model.modelPath, "chat_template": "{{ messages }}",
                    "modalities": ["vision": false, "audio": false], "build_info": "b6000-abcdef0",
                    "is_sleeping": false,
                ]
            )
        case "/v1/models":
            let meta: [String: Any] = [
                "vocab_type": 2, "n_vocab": 128_256, "n_ctx_train": 131_072, "n_embd": 4096,
                "n_params": 8_030_261_312, "size": 4_912_898_304,
            ]
            let card: [String: Any] = [
                "id": model.servedModel, "object": "model", "created": Int(model.startUnix), "owned_by": "llamacpp",
                "meta": meta,
            ]
            return Responses.json(status: 200, ["object": "list", "data": [card]])
        case "/metrics":
            let rendered = LlamaCppExposition.render(model, since: llamaMark)
            llamaMark = rendered.mark
            var response = Responses.text(rendered.page, contentType: LlamaCppExposition.contentType)
            response.headers[HTTPHeader("Process-Start-Time-Unix")] = String(Int(model.metrics.createdUnix))
            return response
        default:
            return Responses.json(
                status: 404,
                ["error": ["code": 404, "message": "File Not Found", "type": "not_found_error"]]
            )
        }
    }
}

/// Response builders shared by every kind.
enum Responses {
    static func raw(status: Int, contentType: String, _ body: Data) -> HTTPResponse {
        HTTPResponse(
            statusCode: HTTPStatusCode(status, phrase: phrase(status)),
            headers: [.contentType: contentType],
            body: body
        )
    }

    static func text(_ text: String, contentType: String) -> HTTPResponse {
        raw(status: 200, contentType: contentType, Data(text.utf8))
    }

    static func json(status: Int, _ object: [String: Any]) -> HTTPResponse {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
        return raw(status: status, contentType: "application/json", body)
    }

    /// A login page from a misrouted proxy: 200 and HTML where metrics or JSON were expected.
    static func html(for identity: ServerIdentity) -> HTTPResponse {
        let page = """
            <!DOCTYPE html>
            <html><head><title>Sign in</title></head>
            <body><h1>Sign in to continue</h1><p>Upstream \(identity.name) requires authentication.</p>
            <form method="post"><input name="user"><input name="password" type="password"></form></body></html>

            """
        return raw(status: 200, contentType: "text/html; charset=utf-8", Data(page.utf8))
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}
