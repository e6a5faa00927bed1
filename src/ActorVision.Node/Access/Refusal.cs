using System.Text;
using System.Text.Json;
using Grpc.Core;

namespace ActorVision.Node.Access;

/// <summary>
/// A request refused before it reached its handler (no key, wrong role, a limit), answered in the caller's protocol:
/// a gRPC client gets a status with the reason (a trailers-only response), anything else an HTTP status with
/// <c>{"error": reason}</c>.
/// </summary>
public static class Refusal
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <param name="httpHeaders">Headers of the HTTP answer (Retry-After, WWW-Authenticate).</param>
    public static async Task WriteAsync(HttpContext context, int httpStatus, StatusCode grpcStatus, string reason,
        params (string Name, string Value)[] httpHeaders)
    {
        var response = context.Response;
        if (response.HasStarted) return;
        response.Clear();
        if (IsGrpc(context.Request))
        {
            // Trailers-only: HTTP 200 with grpc-status in the headers, as gRPC servers answer a call they refuse.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)grpcStatus).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = PercentEncode(reason);
            await response.CompleteAsync();
            return;
        }
        response.StatusCode = httpStatus;
        foreach (var (name, value) in httpHeaders) response.Headers[name] = value;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(JsonSerializer.Serialize(new { error = reason }), context.RequestAborted);
    }

    /// <summary>The grpc-message encoding: bytes outside printable ASCII, and '%', as %XX.</summary>
    private static string PercentEncode(string text)
    {
        var encoded = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%') encoded.Append((char)b);
            else encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }
}
