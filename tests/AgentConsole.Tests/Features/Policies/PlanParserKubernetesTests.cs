using AgentConsole.Features.Policies;
using AgentConsole.Tests.Features.Policies.Samples;

namespace AgentConsole.Tests.Features.Policies;

public class PlanParserKubernetesTests
{
    private static PlanFacts Parse(string content) => PlanParser.Parse(PlanFormats.Kubernetes, content);

    [Fact]
    public void Kubectl_diff_of_a_new_image_is_one_change_and_not_destructive()
    {
        var facts = Parse(KubernetesSamples.ChangedImage);

        PlanFactsAssert.Equal(facts, 0, 1, 0, 0);
        Assert.False(facts.Destructive);
    }

    [Fact]
    public void Kubectl_diff_with_an_empty_live_side_is_an_add()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.AddedConfigMap), 1, 0, 0, 0);
    }

    [Fact]
    public void Kubectl_diff_deleting_a_namespace_names_it()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.DeletedNamespace), 0, 0, 1, 0,
            "Namespace legacy will be deleted, with everything in it");
    }

    [Fact]
    public void Kubectl_diff_deleting_a_claim_warns_about_its_data()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.DeletedClaim), 0, 0, 1, 0,
            "PersistentVolumeClaim shop/data-cache-0 will be deleted, and its data may go with it");
    }

    [Fact]
    public void Kubectl_diff_changing_a_deployment_selector_counts_as_replace()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.ChangedSelector), 0, 0, 0, 1,
            "Deployment shop/api must be replaced: spec.selector cannot change in place");
    }

    [Fact]
    public void Kubectl_diff_changing_a_job_template_counts_as_replace()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.ChangedJobTemplate), 0, 0, 0, 1,
            "Job shop/migrate-db must be replaced: spec.template cannot change in place");
    }

    [Fact]
    public void Kubectl_diff_changing_a_service_selector_is_an_ordinary_change()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.ChangedServiceSelector), 0, 1, 0, 0);
    }

    [Fact]
    public void Kubectl_diff_scaling_to_zero_is_marked_and_an_unchanged_selector_is_not_a_replace()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.ScaledToZero), 0, 1, 0, 0, "StatefulSet shop/cache is scaled to 0 replicas");
    }

    [Fact]
    public void Kubectl_diff_of_many_objects_counts_each_once()
    {
        var facts = Parse(KubernetesSamples.FullDiff);

        PlanFactsAssert.Equal(facts, adds: 1, changes: 3, destroys: 2, replaces: 2,
            "Namespace legacy will be deleted, with everything in it",
            "Deployment shop/api must be replaced: spec.selector cannot change in place",
            "StatefulSet shop/cache is scaled to 0 replicas",
            "PersistentVolumeClaim shop/data-cache-0 will be deleted, and its data may go with it",
            "Job shop/migrate-db must be replaced: spec.template cannot change in place");
    }

    [Fact]
    public void Kubectl_diff_with_windows_line_endings_gives_the_same_facts()
    {
        var facts = Parse(KubernetesSamples.FullDiff.ReplaceLineEndings("\r\n"));

        Assert.Equal((1, 3, 2, 2), (facts.Adds, facts.Changes, facts.Destroys, facts.Replaces));
        Assert.Equal(5, facts.DestructiveMarkers.Count);
    }

    [Fact]
    public void Diff_without_kubectl_file_names_takes_kind_and_name_from_the_yaml()
    {
        const string diff = """
            --- a/manifests/legacy.yaml
            +++ /dev/null
            @@ -1,5 +0,0 @@
            -apiVersion: apps/v1
            -kind: Deployment
            -metadata:
            -  name: reports
            -  namespace: legacy
            """;

        PlanFactsAssert.Equal(Parse(diff), 0, 0, 1, 0, "Deployment legacy/reports will be deleted");
    }

    [Fact]
    public void Changed_lines_that_look_like_file_headers_stay_inside_their_hunk()
    {
        // "-- " removed and "++ " added read as "--- " and "+++ "; the hunk's line counts say they are content.
        const string diff = """
            --- /tmp/LIVE-1/apps.v1.Deployment.shop.web
            +++ /tmp/MERGED-2/apps.v1.Deployment.shop.web
            @@ -9,5 +9,5 @@
               annotations:
            --- release notes
            +++ release notes, v2
             spec:
               progressDeadlineSeconds: 600
            -  replicas: 2
            +  replicas: 0
            """;

        PlanFactsAssert.Equal(Parse(diff), 0, 1, 0, 0, "Deployment shop/web is scaled to 0 replicas");
    }

    [Fact]
    public void Plain_manifest_counts_each_document_with_a_kind_as_an_add()
    {
        var facts = Parse(KubernetesSamples.Manifest);

        PlanFactsAssert.Equal(facts, 3, 0, 0, 0);
    }

    [Fact]
    public void Plain_manifest_list_counts_its_items_and_marks_zero_replicas()
    {
        PlanFactsAssert.Equal(Parse(KubernetesSamples.ListManifest), 2, 0, 0, 0);
        PlanFactsAssert.Equal(Parse(KubernetesSamples.Manifest.Replace("replicas: 3", "replicas: 0")), 3, 0, 0, 0,
            "Deployment shop/web is scaled to 0 replicas");
    }

    [Fact]
    public void Kubectl_delete_in_a_kubernetes_plan_is_marked()
    {
        PlanFactsAssert.Equal(Parse("kubectl delete pvc data-cache-0 -n shop\n"), 0, 0, 0, 0, "kubectl delete pvc data-cache-0 -n shop");
    }
}
