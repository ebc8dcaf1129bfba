using System.Text.Json;

namespace AgentConsole.Features.Policies;

/// <summary>Counts <c>resource_changes</c> in the JSON of <c>terraform show -json</c>.</summary>
internal static class TerraformJsonPlan
{
    public static bool IsPlan(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("resource_changes", out _);

    public static void Read(JsonElement root, PlanTally tally)
    {
        if (!root.TryGetProperty("resource_changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var resource in changes.EnumerateArray())
        {
            // Data sources are only ever read; resource_drift is what changed outside Terraform, not what will.
            if (resource.ValueKind != JsonValueKind.Object || Text(resource, "mode") == "data"
                || !resource.TryGetProperty("change", out var change) || change.ValueKind != JsonValueKind.Object
                || !change.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            bool create = false, delete = false, update = false;
            foreach (var action in actions.EnumerateArray())
            {
                var name = action.ValueKind == JsonValueKind.String ? action.GetString() : null;
                create |= name == "create";
                delete |= name == "delete";
                update |= name == "update";
            }

            var address = Text(resource, "address") ?? "unnamed resource";
            if (Text(resource, "deposed") is { } deposed)
            {
                address = $"{address} (deposed object {deposed})";
            }

            // ["delete","create"] and ["create","delete"] (create_before_destroy) are both one replacement.
            if (create && delete)
            {
                tally.Replaces++;
                tally.Mark($"{address} must be replaced");
            }
            else if (delete)
            {
                tally.Destroys++;
                tally.Mark($"{address} will be destroyed");
            }
            else if (create)
            {
                tally.Adds++;
            }
            else if (update)
            {
                tally.Changes++;
            }
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
