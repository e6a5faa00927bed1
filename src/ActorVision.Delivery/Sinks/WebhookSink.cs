using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace ActorVision.Delivery.Sinks;

/// <summary>
/// POSTs each event as JSON (<see cref="EventPayload"/>) to the sink's URL, signed (<see cref="WebhookSignature"/>).
/// A 2xx answer is an acknowledgement. 408, 429 and 5xx mean "not now" (overloaded, restarting, behind a proxy whose
/// upstream is down): the receiver is unavailable and the event is retried like an outage, after the receiver's
/// Retry-After when it gives one. Any other status refuses the event for good (a rejection: dead-lettered after
/// max-attempts). No answer within the sink's timeout, or no connection, makes the receiver unreachable.
/// </summary>
public sealed class WebhookSink : IEventSink
{
    private const int ReasonBodyLimit = 200;
    private static readonly ProductInfoHeaderValue UserAgent = new("ActorVision-Webhook", "1");

    private readonly WebhookSinkSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;

    public WebhookSink(WebhookSinkSettings settings, TimeProvider? clock = null)
    {
        _settings = settings;
        _clock = clock ?? TimeProvider.System;
        _http = new HttpClient(new SocketsHttpHandler
        {
            // Receivers behind load balancers move: reconnect now and then so DNS changes are seen.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = settings.Sink.Timeout,
            AllowAutoRedirect = false,
        })
        {
            // The per-attempt timeout is ours (a cancellation), so it is told apart from the caller stopping us.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Target => SinkTargets.Describe(_settings.Url);

    public async Task<DeliveryOutcome> SendAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var body = EventPayload.Utf8(item);
        using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventIdHeader, item.Event.Id.ToString());
        request.Headers.TryAddWithoutValidation(WebhookSignature.OffsetHeader, item.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_settings.Secret.Length > 0)
        {
            var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_settings.Secret, timestamp, body));
        }
        foreach (var (name, value) in _settings.Headers) request.Headers.TryAddWithoutValidation(name, value);

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_settings.Sink.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return DeliveryOutcome.Delivered;
            var reason = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            var detail = await ReadSnippetAsync(response, attempt.Token).ConfigureAwait(false);
            var text = detail.Length > 0 ? $"{reason}: {detail}" : reason;
            return IsTemporary(response.StatusCode)
                ? DeliveryOutcome.Unavailable(text, RetryAfter(response))
                : DeliveryOutcome.Rejected(text, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Unreachable($"no answer within {_settings.Sink.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryOutcome.Unreachable(Describe(ex));
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Statuses that say "try again later". 501 and 505 are server errors too, but they say the receiver does not
    /// support the request at all: retrying would hold the camera's events back forever, so they are rejections.
    /// </summary>
    public static bool IsTemporary(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status is >= 500 and <= 599 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } advice) return null;
        if (advice.Delta is { } delta) return delta;
        if (advice.Date is { } date) return date - _clock.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var buffer = new byte[ReasonBodyLimit];
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            return string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return "";
        }
    }

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "host not found",
            SocketError.TimedOut => "connection timed out",
            SocketError.ConnectionReset => "connection reset",
            _ => socket.Message,
        },
        IOException io => "connection lost: " + io.Message,
        _ => ex.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => "TLS handshake failed: " + ex.Message,
            HttpRequestError.NameResolutionError => "host not found",
            _ => ex.Message,
        },
    };
}
