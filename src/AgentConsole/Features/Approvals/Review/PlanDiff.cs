using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentConsole.Features.Approvals.Review;

/// <summary>Reads a stored plan (<c>format</c>, <c>content</c>) into the diff the approval review page shows.</summary>
public static class PlanDiff
{
    private static readonly JsonWriterOptions PrettyJson = new()
    {
        Indented = true,
        // The page HTML-escapes every line; JSON escaping of < > & ' would only make the plan harder to read.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Never throws for odd content: an unknown format reads as text, JSON that does not parse is shown as sent.
    /// Terraform plan text keeps its own symbols; a <c>kubectl diff</c> keeps its hunks and old/new line numbers;
    /// manifests, JSON and text are new content, every line added.
    /// </summary>
    public static DiffDocument Parse(string format, string content)
    {
        var name = format?.Trim().ToLowerInvariant() ?? "";
        // A trailing newline ends the last line; it does not start an empty one.
        var text = StripAnsi(content ?? "").TrimEnd('\n', '\r');
        return name switch
        {
            "terraform" when StartsLikeJson(text) => AllAdded(name, PlanSyntax.Json, PrettyIfOneLine(text), CodeTokenizer.Json),
            "terraform" => new DiffDocument(name, PlanSyntax.Terraform, false, TerraformPlanLines.Read(text)),
            "kubernetes" when UnifiedDiffLines.LooksLikeDiff(text) => new DiffDocument(name, PlanSyntax.Yaml, true, UnifiedDiffLines.Read(text)),
            "kubernetes" => AllAdded(name, PlanSyntax.Yaml, text, YamlTokenizer.Line),
            "json" => AllAdded(name, PlanSyntax.Json, PrettyIfOneLine(text), CodeTokenizer.Json),
            _ => AllAdded(name, PlanSyntax.Text, text, _ => []),
        };
    }

    private static DiffDocument AllAdded(string format, PlanSyntax syntax, string text, Func<string, SyntaxToken[]> tokenize)
    {
        var lines = new List<DiffLine>();
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            var line = span.ToString();
            lines.Add(new DiffLine { Index = lines.Count, Kind = DiffLineKind.Added, NewNumber = lines.Count + 1, Text = line, Tokens = tokenize(line) });
        }

        return new DiffDocument(format, syntax, false, lines);
    }

    private static bool StartsLikeJson(string text) => text.AsSpan().TrimStart() is ['{' or '[', ..];

    /// <summary>Minified JSON (an API's plan, a JSON Patch) gets one line per value so findings point somewhere useful.</summary>
    private static string PrettyIfOneLine(string text)
    {
        if (text.AsSpan().Trim().Contains('\n'))
        {
            return text;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, PrettyJson))
            {
                document.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>Removes terminal colour codes (<c>terraform plan</c> without <c>-no-color</c>), which split words.</summary>
    private static string StripAnsi(string text)
    {
        if (!text.Contains('\u001b'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '[')
            {
                i += 2;
                while (i < text.Length && !char.IsAsciiLetter(text[i]))
                {
                    i++;
                }

                continue;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }
}
