using AgentConsole.Features.Policies;

namespace AgentConsole.Tests.Features.Policies;

/// <summary>JSON and text plans, the destructive-command scan every format gets, and the marker list's limits.</summary>
public class PlanParserTests
{
    [Fact]
    public void Json_patch_counts_adds_replaces_and_removes_and_names_each_remove()
    {
        const string patch = """
            [
              { "op": "test", "path": "/metadata/resourceVersion", "value": "4711" },
              { "op": "replace", "path": "/spec/replicas", "value": 5 },
              { "op": "add", "path": "/metadata/labels/tier", "value": "frontend" },
              { "op": "add", "path": "/spec/rules/-", "value": { "host": "shop.acme.io" } },
              { "op": "remove", "path": "/spec/rules/0" },
              { "op": "remove", "path": "/metadata/annotations/legacy" }
            ]
            """;

        PlanFactsAssert.Equal(PlanParser.Parse(PlanFormats.Json, patch), 2, 1, 2, 0,
            "remove /spec/rules/0", "remove /metadata/annotations/legacy");
    }

    [Theory]
    [InlineData("""{ "name": "web", "items": [1, 2, 3] }""")]
    [InlineData("""[ { "op": "add", "path": "/a" }, { "op": "delete", "path": "/b" } ]""")]
    [InlineData("""[ { "op": "remove" } ]""")]
    [InlineData("[]")]
    [InlineData("42")]
    public void Json_that_is_neither_a_plan_nor_a_patch_has_no_facts(string json)
    {
        PlanFactsAssert.Equal(PlanParser.Parse(PlanFormats.Json, json), 0, 0, 0, 0);
    }

    [Fact]
    public void Invalid_json_still_gets_its_destructive_commands_marked()
    {
        var facts = PlanParser.Parse(PlanFormats.Json, """{ "sql": "DROP TABLE users; """);

        PlanFactsAssert.Equal(facts, 0, 0, 0, 0, "DROP TABLE users");
    }

    [Fact]
    public void Sql_text_marks_drops_truncates_and_deletes_without_where()
    {
        const string migration = """
            BEGIN;
            DROP TABLE IF EXISTS audit_archive_2019;
            DELETE FROM sessions;
            DELETE FROM orders
            WHERE created_at < now() - interval '7 years';
            delete from carts where abandoned = true;
            TRUNCATE TABLE staging_events;
            drop table audit_archive_2019;
            COMMIT;
            """;

        PlanFactsAssert.Equal(PlanParser.Parse(PlanFormats.Text, migration), 0, 0, 0, 0,
            "DROP TABLE audit_archive_2019", "DELETE FROM sessions without WHERE", "TRUNCATE staging_events");
    }

    [Theory]
    [InlineData("DELETE FROM carts WHERE id = 1;")]
    [InlineData("DELETE FROM carts\n  WHERE abandoned_at < now() - interval '30 days';")]
    [InlineData("rm -r build/")]
    [InlineData("rm -f /tmp/app.pid")]
    [InlineData("docker run --rm -it alpine sh")]
    [InlineData("git push origin main")]
    [InlineData("git push --set-upstream origin feature/plans")]
    [InlineData("kubectl get pods -n shop")]
    [InlineData("helm upgrade --install shop ./charts/shop")]
    [InlineData("terraform plan -out=tfplan")]
    [InlineData("We truncate the log every night and drop tables of old results from the report.")]
    [InlineData("SELECT * FROM users WHERE deleted = false;")]
    public void Harmless_text_has_no_markers(string text)
    {
        PlanFactsAssert.Equal(PlanParser.Parse(PlanFormats.Text, text), 0, 0, 0, 0);
    }

    [Theory]
    [InlineData("DROP DATABASE shop;", "DROP DATABASE shop")]
    [InlineData("drop schema reporting cascade;", "DROP SCHEMA reporting")]
    [InlineData("TRUNCATE audit_log;", "TRUNCATE audit_log")]
    [InlineData("truncate table audit_log restart identity", "TRUNCATE audit_log")]
    [InlineData("psql -c 'delete from sessions'", "DELETE FROM sessions without WHERE")]
    [InlineData("rm -rf /var/lib/postgresql/data", "rm -rf /var/lib/postgresql/data")]
    [InlineData("sudo rm -fr /srv/app", "rm -rf /srv/app")]
    [InlineData("RM -RF /tmp/cache", "rm -rf /tmp/cache")]
    [InlineData("rm --recursive --force build/", "rm -rf build/")]
    [InlineData("rm -r -f", "rm -rf")]
    [InlineData("kubectl delete namespace legacy", "kubectl delete namespace legacy")]
    [InlineData("kubectl -n shop delete deployment web --wait=false", "kubectl -n shop delete deployment web --wait=false")]
    [InlineData("terraform destroy -auto-approve", "terraform destroy -auto-approve")]
    [InlineData("terraform apply -destroy -auto-approve", "terraform apply -destroy -auto-approve")]
    [InlineData("helm uninstall shop -n shop", "helm uninstall shop -n shop")]
    [InlineData("helm delete --purge shop", "helm delete --purge shop")]
    [InlineData("aws s3 rb s3://acme-logs --force", "aws s3 rb s3://acme-logs --force")]
    [InlineData("git push --force origin main", "git push --force origin main")]
    [InlineData("git push -f origin main", "git push -f origin main")]
    [InlineData("git push --force-with-lease origin feature/x", "git push --force-with-lease origin feature/x")]
    [InlineData("git push origin +main", "git push origin +main")]
    [InlineData("Run `kubectl delete ns legacy` after the freeze.", "kubectl delete ns legacy")]
    public void Destructive_command_in_text_is_marked(string text, string marker)
    {
        var facts = PlanParser.Parse(PlanFormats.Text, text);

        PlanFactsAssert.Equal(facts, 0, 0, 0, 0, marker);
        Assert.True(facts.Destructive);
    }

    [Fact]
    public void Repeated_commands_are_marked_once()
    {
        var facts = PlanParser.Parse(PlanFormats.Text, "rm -rf /tmp/x\nrm  -rf   /tmp/x\nDROP TABLE t;\ndrop table t;\n");

        Assert.Equal(["rm -rf /tmp/x", "DROP TABLE t"], facts.DestructiveMarkers);
    }

    [Fact]
    public void Markers_stop_at_fifty_and_say_how_many_were_left_out()
    {
        var script = string.Join('\n', Enumerable.Range(0, 120).Select(i => $"DROP TABLE t{i};"));

        var facts = PlanParser.Parse(PlanFormats.Text, script);

        Assert.Equal(50, facts.DestructiveMarkers.Count);
        Assert.Equal("DROP TABLE t48", facts.DestructiveMarkers[48]);
        Assert.Equal("and 71 more destructive changes", facts.DestructiveMarkers[49]);
    }

    [Theory]
    [InlineData("Terraform")]
    [InlineData(" terraform ")]
    public void Format_is_read_without_regard_to_case_or_spaces(string format)
    {
        PlanFactsAssert.Equal(PlanParser.Parse(format, "  # aws_instance.web will be created\n"), 1, 0, 0, 0);
    }

    [Fact]
    public void Unknown_format_gets_only_the_text_scan()
    {
        PlanFactsAssert.Equal(PlanParser.Parse("hcl", "  # aws_instance.web will be destroyed\nrm -rf /\n"), 0, 0, 0, 0, "rm -rf /");
    }
}
