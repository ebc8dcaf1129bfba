using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentConsole.Features.Policies;

/// <summary>Turns the plan an agent sends with a decision request into the <see cref="PlanFacts"/> policy rules match on.</summary>
public static class PlanParser
{
    // Attribute values can nest deeply (a kubernetes_manifest holds a whole object); 512 leaves room and still bounds work.
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 512 };

    /// <summary>
    /// Reads a plan. <paramref name="format"/> is one of <see cref="PlanFormats"/>; <paramref name="content"/> is the
    /// plan text. Never throws: unreadable input gives best-effort facts, typically <see cref="PlanFacts.None"/>
    /// plus the destructive commands found in the text.
    /// </summary>
    public static PlanFacts Parse(string format, string content)
    {
        var text = StripAnsi(content ?? "");
        var tally = new PlanTally();

        // Commands first: they are the rarest and most surprising markers, so the cap must not crowd them out.
        DestructiveCommands.Scan(text, tally);
        try
        {
            switch (format?.Trim().ToLowerInvariant())
            {
                case PlanFormats.Terraform:
                    if (!(StartsLikeJsonObject(text) && ReadJson(text, tally)))
                    {
                        TerraformPlanText.Read(text, tally);
                    }

                    break;
                case PlanFormats.Kubernetes:
                    KubernetesDiff.Read(text, tally);
                    break;
                case PlanFormats.Json:
                    ReadJson(text, tally);
                    break;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Only absurd lines get here. A plan that could not be read cannot be vouched for: send it to a person.
            tally.Mark("the plan could not be read in full");
        }

        return tally.ToFacts();
    }

    /// <summary>Reads a Terraform JSON plan or a JSON Patch; false when the text is not JSON.</summary>
    private static bool ReadJson(string text, PlanTally tally)
    {
        try
        {
            using var document = JsonDocument.Parse(text, JsonOptions);
            var root = document.RootElement;
            if (TerraformJsonPlan.IsPlan(root))
            {
                TerraformJsonPlan.Read(root, tally);
            }
            else if (JsonPatch.IsPatch(root))
            {
                JsonPatch.Read(root, tally);
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool StartsLikeJsonObject(string text) => text.AsSpan().TrimStart().StartsWith("{");

    /// <summary>Removes terminal colour codes (<c>terraform plan</c> without <c>-no-color</c>), which split words.</summary>
    private static string StripAnsi(string text)
    {
        var escape = text.IndexOf('\u001b', StringComparison.Ordinal);
        if (escape < 0)
        {
            return text;
        }

        var plain = new StringBuilder(text.Length).Append(text, 0, escape);
        for (var i = escape; i < text.Length; i++)
        {
            if (text[i] != '\u001b')
            {
                plain.Append(text[i]);
            }
            else if (i + 1 < text.Length && text[i + 1] == '[')
            {
                // CSI: parameters and intermediates, then one final byte in @..~.
                i += 2;
                while (i < text.Length && text[i] is < '@' or > '~')
                {
                    i++;
                }
            }
            else if (i + 1 < text.Length && text[i + 1] == ']')
            {
                // OSC (e.g. hyperlinks): runs to BEL or to ESC \.
                i += 2;
                while (i < text.Length && text[i] != '\u0007' && !(text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '\\'))
                {
                    i++;
                }

                if (i < text.Length && text[i] == '\u001b')
                {
                    i++;
                }
            }
            else
            {
                i++; // a two-character escape
            }
        }

        return plain.ToString();
    }
}
