namespace AgentConsole.Features.Notifications;

/// <summary>What the settings form sends to add a webhook. An empty secret means "make one".</summary>
public sealed record WebhookInput(string? Name, string? Url, string? Format, bool OnPending, bool OnEscalation, string? Secret)
{
    public const int MinSecretLength = 16;

    /// <summary>The field errors, or none.</summary>
    public ValidationError? Check()
    {
        var errors = new Dictionary<string, string[]>();
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            errors["name"] = ["Give the webhook a name of 1 to 100 characters (e.g. on-call Slack)."];
        }

        if (!IsHttpUrl(Url?.Trim()))
        {
            errors["url"] = ["Use an absolute http or https URL (e.g. https://hooks.slack.com/services/...)."];
        }

        if (!WebhookFormats.All.Contains(Format ?? "", StringComparer.Ordinal))
        {
            errors["format"] = [$"Choose one of: {string.Join(", ", WebhookFormats.All)}."];
        }

        if (!OnPending && !OnEscalation)
        {
            errors["events"] = ["Choose at least one event."];
        }

        if (!string.IsNullOrEmpty(Secret) && (Secret.Length is < MinSecretLength or > 200 || Secret.Any(char.IsWhiteSpace)))
        {
            errors["secret"] = [$"A secret of your own needs {MinSecretLength} to 200 characters without spaces; leave it empty to get one."];
        }

        return errors.Count == 0 ? null : new ValidationError(errors);
    }

    private static bool IsHttpUrl(string? url) =>
        url is { Length: <= 2048 } && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host);
}

/// <summary>A webhook just made, with its secret: the only time the console shows it.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string Secret);
