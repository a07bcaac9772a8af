package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.LogLevelLineTest.metadata;
import static dev.tapedeck.wrapper.extract.LogLevelLineTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** npm's error blocks as npm 11 and npm 6 to 9 print them: one event per block. */
class NpmErrorBlockTest {

    @Test
    void anEresolveBlockIsOneErrorNamedByItsMostInformativeLine() {
        String output = """
                npm error code ERESOLVE
                npm error ERESOLVE unable to resolve dependency tree
                npm error
                npm error While resolving: x@1.0.0
                npm error Found: react@17.0.2
                npm error node_modules/react
                npm error   react@"17.0.2" from the root project
                npm error
                npm error Could not resolve dependency:
                npm error peer react@"^18.2.0" from react-dom@18.2.0
                npm error node_modules/react-dom
                npm error   react-dom@"18.2.0" from the root project
                npm error
                npm error Fix the upstream dependency conflict, or retry this command with --force or --legacy-peer-deps to accept an incorrect (and potentially broken) dependency resolution.
                npm error
                npm error
                npm error For a full report see:
                npm error /root/.npm/_logs/2026-12-03T15_11_53_162Z-eresolve-report.txt
                npm error A complete log of this run can be found in: /root/.npm/_logs/2026-12-03T15_11_53_162Z-debug-0.log
                """;
        assertThat(rows(output)).containsExactly("1 error npm_error: ERESOLVE unable to resolve dependency tree");
        assertThat(metadata(output, 0)).startsWith("{\"code\":\"ERESOLVE\","
                + "\"log_file\":\"/root/.npm/_logs/2026-12-03T15_11_53_162Z-debug-0.log\",\"detail\":\"npm error ERESOLVE");
    }

    @Test
    void anE404AMissingScriptAndALifecycleFailureAreOneErrorEach() {
        String output = """
                npm error code E404
                npm error 404 Not Found - GET https://registry.npmjs.org/this-package-does-not-exist-x14zz
                npm error 404
                npm error 404  The requested resource 'this-package-does-not-exist-x14zz@1.0.0' could not be found or you do not have permission to access it.
                npm error 404
                npm error A complete log of this run can be found in: /root/.npm/_logs/2026-12-03T15_11_53_864Z-debug-0.log
                $ npm run build
                npm error Missing script: "build"
                npm error
                npm error To see a list of scripts, run:
                npm error   npm run
                npm error A complete log of this run can be found in: /root/.npm/_logs/2026-12-03T15_11_54_370Z-debug-0.log
                npm ERR! code ELIFECYCLE
                npm ERR! errno 2
                npm ERR! z@1.0.0 build: `node build.js`
                npm ERR! Exit status 2
                npm ERR!
                npm ERR! Failed at the z@1.0.0 build script.
                npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.
                npm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported
                """;
        assertThat(rows(output)).containsExactly(
                "1 error npm_error: 404 Not Found - GET https://registry.npmjs.org/this-package-does-not-exist-x14zz",
                "7 shell_command shell_prompt_command: npm run build",
                "8 error npm_error: Missing script: \"build\"",
                "13 error npm_error: z@1.0.0 build: `node build.js`",
                "19 warning npm_warning: inflight@1.0.6: This module is not supported, and leaks memory.",
                "20 warning npm_warning: glob@7.2.3: Glob versions prior to v9 are no longer supported");
        assertThat(metadata(output, 3)).startsWith("{\"code\":\"ELIFECYCLE\",\"errno\":\"2\",");
    }

    /**
     * Claude Code's tool error takes the block's first line (claude_tool_error); the rest of that
     * block is its detail. A block that starts under the gutter is one error of its own.
     */
    @Test
    void anNpmBlockUnderClaudeCodesGutterIsOneErrorAndTheNextCodeStartsAnother() {
        String output = """
                ⏺ Bash(npm install)
                  ⎿  Error: npm error code ERESOLVE
                     npm error ERESOLVE unable to resolve dependency tree
                     npm error
                     npm error While resolving: x@1.0.0
                  ⎿  npm error code E404
                     npm error 404 Not Found - GET https://registry.npmjs.org/nope
                """;
        assertThat(rows(output)).containsExactly(
                "1 shell_command claude_bash: npm install",
                "1 tool_call claude_tool_call: Bash",
                "2 error claude_tool_error: npm error code ERESOLVE",
                "6 error npm_error: 404 Not Found - GET https://registry.npmjs.org/nope");
    }

    @Test
    void anEresolveOrEbadengineWarningIsOneWarningAndDeprecationsAreOneALine() {
        String output = """
                npm warn using --force Recommended protections disabled.
                npm warn ERESOLVE overriding peer dependency
                npm warn While resolving: @eslint/js@10.0.1
                npm warn Found: eslint@9.39.5
                npm warn node_modules/eslint
                npm warn   eslint@"9" from the root project
                npm warn
                npm warn Could not resolve dependency:
                npm warn peerOptional eslint@"^10.0.0" from @eslint/js@10.0.1
                npm warn EBADENGINE Unsupported engine {
                npm warn EBADENGINE   package: 'vite@7.1.0',
                npm warn EBADENGINE   required: { node: '^20.19.0 || >=22.12.0' },
                npm warn EBADENGINE   current: { node: 'v18.19.1', npm: '10.2.3' }
                npm warn EBADENGINE }
                npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.
                npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported

                added 81 packages in 3s
                """;
        assertThat(rows(output)).containsExactly(
                "1 warning npm_warning: using --force Recommended protections disabled.",
                "2 warning npm_warning: overriding peer dependency",
                "10 warning npm_warning: Unsupported engine {",
                "15 warning npm_warning: inflight@1.0.6: This module is not supported, and leaks memory.",
                "16 warning npm_warning: glob@7.2.3: Glob versions prior to v9 are no longer supported");
        assertThat(metadata(output, 1)).startsWith("{\"code\":\"ERESOLVE\",\"detail\":\"npm warn While resolving:");
    }
}
