using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AgentConsole.Tests.Support;

/// <summary>
/// An answer of the JSON API: status, parsed body (default when empty or not JSON), media type, headers and the raw
/// text (so that an unexpected HTML page shows up in the failure message).
/// </summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body, string? MediaType, HttpResponseHeaders Headers, string Raw)
{
    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var body = text.Length > 0 && mediaType?.EndsWith("json", StringComparison.Ordinal) == true ? JsonDocument.Parse(text).RootElement : default;
            return new ApiAnswer(response.StatusCode, body, mediaType, response.Headers, text);
        }
    }

    public string Text(string property) => Body.GetProperty(property).GetString()!;

    public ApiAnswer AssertStatus(HttpStatusCode status)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status} ({MediaType}): {Raw[..Math.Min(Raw.Length, 2000)]}");
        return this;
    }

    /// <summary>Asserts the status and that the answer is problem+json.</summary>
    public ApiAnswer AssertProblem(HttpStatusCode status)
    {
        AssertStatus(status);
        Assert.Equal("application/problem+json", MediaType);
        return this;
    }
}
