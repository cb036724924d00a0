import Config

/// The error `ConfigLoader.parse` raises for `yaml` read as `file` (with HOME /home/op), `nil`
/// when the text is a valid config.
func configFailure(_ yaml: String, file: String = "bad.yaml") -> ConfigError? {
    do {
        _ = try ConfigLoader.parse(yaml: yaml, file: file, environment: ["HOME": "/home/op"])
        return nil
    } catch {
        return error
    }
}
