using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentConsole.Infrastructure.Web;

/// <summary>Reads a JSON request body and says exactly what is wrong with it (400 with the position, 413 when too large).</summary>
public static class JsonBody
{
    /// <summary>Web defaults without nulls: compact answers for agents.</summary>
    public static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<Outcome<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return new BadRequestError("Send a JSON body with Content-Type: application/json.");
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(cancellationToken);
            return value is null ? new BadRequestError("Send a JSON object, not null.") : value;
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return new BadRequestError($"The body is not valid JSON for this request{where}: {e.Message.Split(" Path:")[0]}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new PayloadTooLargeError("The request body is larger than this endpoint accepts.");
        }
    }
}
