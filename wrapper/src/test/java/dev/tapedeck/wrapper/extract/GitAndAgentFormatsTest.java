package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.LogLevelLineTest.metadata;
import static dev.tapedeck.wrapper.extract.LogLevelLineTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** git against a bare repository with a rejecting hook, and the agents' terminal formats. */
class GitAndAgentFormatsTest {

    @Test
    void commitLinesArePushRejectionsAreOneErrorPerPushAndHookOutputIsSilentUnlessItFails() {
        String output = """
                [main (root-commit) 6526bfc] first commit
                 1 file changed, 1 insertion(+)
                 create mode 100644 a
                [main 2caee9b] add b
                remote: checking policy...       \s
                remote: error: commits must reference a ticket       \s
                To ../remote.git
                 ! [remote rejected] main -> main (pre-receive hook declined)
                error: failed to push some refs to '../remote.git'
                [feature/x 7450b89] feat: e (#12)
                To ../r2.git
                 ! [rejected]        main -> main (fetch first)
                error: failed to push some refs to '../r2.git'
                hint: Updates were rejected because the remote contains work that you do
                hint: not have locally. This is usually caused by another repository pushing
                To ../r2.git
                 ! [rejected]        main -> main (stale info)
                error: failed to push some refs to '../r2.git'
                error: src refspec feature/kv does not match any
                error: failed to push some refs to '../r2.git'
                remote: warning: Large files detected.
                remote: Resolving deltas: 100% (3/3), done.
                """;
        assertThat(rows(output)).containsExactly(
                "1 git_commit git_commit_line: first commit",
                "4 git_commit git_commit_line: add b",
                "6 error git_rejected: commits must reference a ticket",
                "10 git_commit git_commit_line: feat: e (#12)",
                "12 error git_rejected: main -> main (fetch first)",
                "17 error git_rejected: main -> main (stale info)",
                "19 error git_rejected: src refspec feature/kv does not match any",
                "21 warning git_remote_warning: Large files detected.");
        assertThat(metadata(output, 0)).isEqualTo("{\"branch\":\"main\",\"root\":\"(root-commit)\",\"commit\":\"6526bfc\"}");
        assertThat(metadata(output, 2)).isEqualTo("{\"kind\":\"remote error\",\"detail\":\"To ../remote.git\\n"
                + "! [remote rejected] main -> main (pre-receive hook declined)\\n"
                + "error: failed to push some refs to '../remote.git'\"}");
        assertThat(metadata(output, 4)).isEqualTo("{\"kind\":\"rejected\",\"ref\":\"main\",\"reason\":\"fetch first\","
                + "\"detail\":\"error: failed to push some refs to '../r2.git'\\n"
                + "hint: Updates were rejected because the remote contains work that you do\\n"
                + "hint: not have locally. This is usually caused by another repository pushing\"}");
    }

    @Test
    void claudeCodesBannerGivesTheVersionAndTheModelAndItsCostBlockIsOneTokenUsage() {
        String output = """
                 ▐▛███▜▌   Claude Code v2.0.14
                ▝▜█████▛▘  Sonnet 4.5 · Claude Pro
                  ▘▘ ▝▝    /home/alice/project
                │                Opus 4.1 · Claude Max               │ Tips for getting started   │
                > /cost
                  ⎿  Total cost:            $0.0442
                     Total duration (API):  1m 2.3s
                     Total duration (wall): 3m 4.5s
                     Total code changes:    12 lines added, 3 lines removed
                     Usage:                 1.2k input, 300 output, 10k cache read, 0 cache write
                > /cost
                  ⎿  Total cost:            $0.0314
                     Total duration (API):  6.2s
                     Total duration (wall): 1m 31.4s
                     Total code changes:    0 lines added, 0 lines removed
                     Usage by model:
                         claude-3-5-haiku:  391 input, 24 output, 0 cache read, 0 cache write ($0.0004)
                            claude-sonnet-4:  6 input, 329 output, 25.5k cache read, 4.4k cache write ($0.0310)
                """;
        assertThat(rows(output)).containsExactly(
                "1 session_start claude_version: Claude Code",
                "2 model claude_banner_model: Sonnet 4.5",
                "4 model claude_banner_model: Opus 4.1",
                "6 token_usage claude_total_cost: 0.0442",
                "12 token_usage claude_total_cost: 0.0314");
        assertThat(metadata(output, 0)).isEqualTo("{\"version\":\"2.0.14\"}");
        assertThat(metadata(output, 1)).isEqualTo("{\"plan\":\"Claude Pro\"}");
        assertThat(metadata(output, 2)).isEqualTo("{\"plan\":\"Claude Max\"}");
        assertThat(metadata(output, 3)).startsWith("{\"cost_usd\":\"0.0442\",\"duration_api\":\"1m 2.3s\","
                + "\"duration_wall\":\"3m 4.5s\",\"input_tokens\":1200,\"output_tokens\":300,"
                + "\"cache_read_tokens\":10000,\"cache_write_tokens\":0,");
        assertThat(metadata(output, 4)).contains("\"input_tokens\":397,\"output_tokens\":353,"
                + "\"cache_read_tokens\":25500,\"cache_write_tokens\":4400");
    }

    @Test
    void aidersAnsweredPromptsCommandsAndTokenTableAreReadAndItsRowsAreNotCommands() {
        String output = """
                Attempt to fix lint errors? (Y)es/(N)o [Yes]: y
                Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: n
                Add file to the chat? (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again [Yes]:
                src/inventory/errors.py
                Create new file? (Y)es/(N)o [Yes]: y
                Applied edit to src/inventory/errors.py
                Applied edit to src/inventory/stock.py
                Running npm test -- --watch=false
                > /run rm -rf node_modules
                architect> !git status
                Running on http://127.0.0.1:5000
                     Running unittests src/lib.rs (target/debug/deps/app-3f2a)
                Running com.acme.BillingTest
                Approximate context window usage for gpt-4o, in tokens:
                $ 0.0060    1,989 system messages
                $ 0.0125    4,170 repository map           use --map-tokens to resize
                ==================
                $ 0.0185    6,159 tokens total
                          121,841 tokens remaining in context window
                """;
        assertThat(rows(output)).containsExactly(
                "1 permission_prompt aider_permission_prompt: Attempt to fix lint errors?",
                "2 permission_prompt aider_permission_prompt: Run shell command?",
                "3 permission_prompt aider_permission_prompt: Add file to the chat?",
                "5 permission_prompt aider_permission_prompt: Create new file?",
                "6 file_write aider_created_file: src/inventory/errors.py",
                "7 file_edit aider_applied_edit: src/inventory/stock.py",
                "8 shell_command aider_running_command: npm test -- --watch=false",
                "9 shell_command aider_run_command: rm -rf node_modules",
                "10 shell_command aider_run_command: git status",
                "18 token_usage aider_tokens_total: 6,159");
        assertThat(metadata(output, 0)).isEqualTo("{\"default\":\"Yes\",\"answer\":\"y\"}");
        assertThat(metadata(output, 9)).isEqualTo("{\"cost_usd\":\"0.0185\"}");
    }

    @Test
    void codexWebSearchesAreOneToolCallEachWhenTheyComplete() {
        String output = """
                {"type":"item.started","item":{"id":"item_1","type":"web_search","query":""}}
                {"type":"item.completed","item":{"id":"item_1","type":"web_search","query":"java 17 records"}}
                {"type":"item.completed","item":{"id":"item_2","type":"web_search","query":"sqlite wal mode"}}
                """;
        assertThat(rows(output)).containsExactly(
                "2 tool_call codex_json: web_search",
                "3 tool_call codex_json: web_search");
        assertThat(metadata(output, 1)).isEqualTo("{\"query\":\"sqlite wal mode\"}");
    }

    @Test
    void claudeCodesTodoMcpAndSubAgentLinesAndAnExitAreEvents() {
        String output = """
                ⏺ Update Todos
                  ⎿  ☐ Convert line_total to Decimal arithmetic
                ⏺ linear - get_issue (MCP)(id: "SHOP-142")
                  ⎿  { "id": "SHOP-142" }
                ⏺ Task(Find other CSV amount parsing)
                  ⎿  Done (6 tool uses · 14.2k tokens · 26.8s)
                > /exit
                  ⎿  Goodbye!
                """;
        assertThat(rows(output)).containsExactly(
                "1 tool_call claude_todos: Update Todos",
                "3 tool_call claude_mcp_call: get_issue",
                "5 tool_call claude_tool_call: Task",
                "6 token_usage claude_task_done: 14.2k",
                "8 session_end claude_exit: Goodbye!");
        assertThat(metadata(output, 1)).isEqualTo("{\"server\":\"linear\",\"arguments\":\"id: \\\"SHOP-142\\\"\"}");
        assertThat(metadata(output, 3)).isEqualTo("{\"tool_uses\":6,\"seconds\":\"26.8\"}");
    }
}
