using System.Text.RegularExpressions;

namespace AgentConsole.Features.Policies;

/// <summary>One object of a <c>kubectl diff</c> or a manifest: who it is, and which of its fields the changed lines touch.</summary>
internal sealed partial class KubernetesObject
{
    private readonly YamlPath _live = new();
    private readonly YamlPath _merged = new();
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private bool _scaledToZero;
    private string? _fileName;

    public string? Kind { get; private set; }

    public string? Namespace { get; private set; }

    public string? Name { get; private set; }

    /// <summary>Objects in a <c>kind: List</c> document.</summary>
    public int ListItems { get; private set; }

    public bool HasHunks { get; private set; }

    /// <summary>The live side is empty (<c>@@ -0,0 +1,N @@</c>): the object is new.</summary>
    public bool Added { get; private set; }

    /// <summary>The merged side is empty (<c>@@ -1,N +0,0 @@</c>): the object goes.</summary>
    public bool Deleted { get; private set; }

    /// <summary>Names the object from kubectl's temp file, <c>group.version.Kind.namespace.name</c>.</summary>
    public static KubernetesObject FromPath(ReadOnlySpan<char> path)
    {
        var file = path[(path.LastIndexOfAny('/', '\\') + 1)..].ToString();
        var match = KubectlFileName().Match(file);
        return match.Success
            ? new() { Kind = match.Groups["kind"].Value, Namespace = match.Groups["ns"].Value, Name = match.Groups["name"].Value }
            : new() { _fileName = file.Length > 0 ? file : null };
    }

    public void StartHunk(bool liveEmpty, bool mergedEmpty)
    {
        HasHunks = true;
        Added |= liveEmpty && !mergedEmpty;
        Deleted |= mergedEmpty && !liveEmpty;
        _live.Clear();
        _merged.Clear();
    }

    public void Unchanged(ReadOnlySpan<char> line)
    {
        Read(_live, line, changed: false);
        Read(_merged, line, changed: false);
    }

    public void Removed(ReadOnlySpan<char> line) => Read(_live, line, changed: true);

    public void Inserted(ReadOnlySpan<char> line)
    {
        var field = Read(_merged, line, changed: true);
        _scaledToZero |= field is ("replicas", "0") && _merged.SpecField() == "replicas";
    }

    /// <summary>Counts this object as one entry of a <c>kubectl diff</c>.</summary>
    public void CountAsDiff(PlanTally tally)
    {
        if (!HasHunks || (Added && Deleted))
        {
            return;
        }

        if (Deleted)
        {
            tally.Destroys++;
            tally.Mark(Kind switch
            {
                "Namespace" => $"{Label} will be deleted, with everything in it",
                "PersistentVolumeClaim" or "PersistentVolume" => $"{Label} will be deleted, and its data may go with it",
                _ => $"{Label} will be deleted",
            });
            return;
        }

        if (Added)
        {
            tally.Adds++;
        }
        else if (ImmutableFieldTouched() is { } field)
        {
            tally.Replaces++;
            tally.Mark($"{Label} must be replaced: spec.{field} cannot change in place");
        }
        else
        {
            tally.Changes++;
        }

        MarkScaledToZero(tally);
    }

    /// <summary>Counts this object as one document of a plain manifest: everything in it is new.</summary>
    public void CountAsManifest(PlanTally tally)
    {
        if (Kind is null)
        {
            return;
        }

        tally.Adds += Kind.EndsWith("List", StringComparison.Ordinal) ? ListItems : 1;
        MarkScaledToZero(tally);
    }

    private string Label => (Kind, Namespace, Name) switch
    {
        (null, _, var name) => name ?? _fileName ?? "an object",
        (var kind, null or "", var name) => $"{kind} {name ?? _fileName}",
        var (kind, ns, name) => $"{kind} {ns}/{name ?? _fileName}",
    };

    private void MarkScaledToZero(PlanTally tally)
    {
        if (_scaledToZero)
        {
            tally.Mark($"{Label} is scaled to 0 replicas");
        }
    }

    private (string Key, string Value)? Read(YamlPath side, ReadOnlySpan<char> line, bool changed)
    {
        var field = side.Read(line);
        if (field is var (key, value))
        {
            // The file name usually says who the object is; the YAML says it when the file name does not.
            if (side.Depth == 1 && side.Rooted)
            {
                Kind ??= key == "kind" ? value : null;
            }
            else if (side.Depth == 2 && side[0] == (0, "metadata"))
            {
                Name ??= key == "name" ? value : null;
                Namespace ??= key == "namespace" ? value : null;
            }
            else if (side.Depth == 2 && side[0] == (0, "items") && key == "kind")
            {
                ListItems++;
            }
        }

        if (changed && side.SpecField() is { } specField)
        {
            _touched.Add(specField);
        }

        return field;
    }

    /// <summary>Fields the API server refuses to change: applying such a diff means deleting and recreating the object.</summary>
    private string? ImmutableFieldTouched()
    {
        string[] immutable = Kind switch
        {
            "Deployment" or "DaemonSet" or "ReplicaSet" => ["selector"],
            "StatefulSet" => ["selector", "serviceName", "volumeClaimTemplates", "podManagementPolicy"],
            "Job" => ["selector", "template"],
            _ => [],
        };
        return Array.Find(immutable, _touched.Contains);
    }

    [GeneratedRegex(@"^(?:[a-z0-9.-]+\.)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?\.(?<kind>[A-Z][A-Za-z0-9]*)\.(?<ns>[a-z0-9-]*)\.(?<name>.+)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex KubectlFileName();
}
