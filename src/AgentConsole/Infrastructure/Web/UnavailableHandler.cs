using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace AgentConsole.Infrastructure.Web;

/// <summary>Raised when the console cannot decide safely (e.g. no policy could be loaded): the answer is 503.</summary>
public sealed class ConsoleUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Fail closed: when the store, the audit write or the policy is unavailable, an API caller gets 503 problem+json
/// (never an allow, never a bare 500), with a hint to retry.
/// </summary>
public sealed class UnavailableHandler(IProblemDetailsService problems, ILogger<UnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception))
        {
            return false;
        }

        logger.LogError(exception, "Refused {Path} with 503: the console cannot decide safely", httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = exception is ConsoleUnavailableException
                    ? exception.Message
                    : "The console could not reach its store or write the audit record, so nothing was allowed. Retry later.",
            },
        });
    }

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        ConsoleUnavailableException or DbException or TimeoutException or System.Net.Sockets.SocketException => true,
        // A receipt that cannot be signed means nothing can be allowed.
        System.Security.Cryptography.CryptographicException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ when exception.InnerException is not null => IsUnavailable(exception.InnerException),
        _ => false,
    };
}
