using System.Text.Json;

namespace AgentConsole.Features.Policies;

/// <summary>Counts the operations of an RFC 6902 JSON Patch.</summary>
internal static class JsonPatch
{
    private static readonly HashSet<string> Operations = new(["add", "remove", "replace", "move", "copy", "test"], StringComparer.Ordinal);

    /// <summary>A non-empty array whose every item has a known <c>op</c> and a string <c>path</c>.</summary>
    public static bool IsPatch(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
        {
            return false;
        }

        foreach (var item in root.EnumerateArray())
        {
            if (Op(item) is not { } op || !Operations.Contains(op) || Path(item) is null)
            {
                return false;
            }
        }

        return true;
    }

    public static void Read(JsonElement root, PlanTally tally)
    {
        foreach (var item in root.EnumerateArray())
        {
            // copy puts a new value at path; move relocates one, so nothing is lost overall; test changes nothing.
            switch (Op(item))
            {
                case "add" or "copy":
                    tally.Adds++;
                    break;
                case "replace" or "move":
                    tally.Changes++;
                    break;
                case "remove":
                    tally.Destroys++;
                    tally.Mark($"remove {Path(item)}");
                    break;
            }
        }
    }

    private static string? Op(JsonElement item) => Text(item, "op");

    private static string? Path(JsonElement item) => Text(item, "path");

    private static string? Text(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
