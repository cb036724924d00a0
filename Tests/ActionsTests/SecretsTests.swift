import Actions
import Testing

/// Secrets disappear from what is shown, in every form a template can give them.
struct SecretsTests {
    @Test func tokensInACommandLineAreMasked() {
        let secrets = Secrets(environmentVariables: ["DEPLOYER_TOKEN", "UNSET"], in: ["DEPLOYER_TOKEN": "s3cr3t"])
        #expect(
            secrets.masking(["curl", "-H", "Authorization: Bearer s3cr3t", "--data", "s3cr3ts3cr3t"])
                == ["curl", "-H", "Authorization: Bearer •••", "--data", "••••••"]
        )
    }

    @Test func escapedFormsAreMaskedToo() throws {
        let secrets = Secrets(["a\"b/c d"])
        #expect(secrets.masking("{\"token\": \"a\\\"b/c d\"}") == "{\"token\": \"•••\"}")
        #expect(secrets.masking("https://x/?t=a%22b%2Fc%20d&y=1") == "https://x/?t=•••&y=1")
    }

    @Test func longerSecretsWinAndEmptyOnesAreIgnored() {
        let secrets = Secrets(["abc", "abcdef", ""])
        #expect(secrets.masking("xabcdefx abc") == "x•••x •••")
        #expect(Secrets([""]).masking("nothing hidden") == "nothing hidden")
    }

    @Test func secretsNextToCombiningMarksAreStillFound() {
        #expect(Secrets(["tok"]).masking("[tok\u{301}]") == "[•••\u{301}]")
    }
}
