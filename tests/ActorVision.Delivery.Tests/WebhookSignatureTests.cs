using System.Text;

namespace ActorVision.Delivery.Tests;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"6a1f","cameraId":"lobby"}""");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void The_signature_is_the_hex_HMAC_SHA256_of_timestamp_dot_body()
    {
        // Reference value: printf '1800000000.{"id":"6a1f","cameraId":"lobby"}' | openssl dgst -sha256 -hmac s3cret
        Assert.Equal("sha256=fe55c4540bfa863fb854cb1be9a93fd08ad22ade34d27b8b90c07fc8b20606e8", WebhookSignature.Sign("s3cret", 1_800_000_000, Body));
    }

    [Fact]
    public void A_receiver_accepts_the_signed_request_within_the_tolerance()
    {
        var signature = WebhookSignature.Sign("s3cret", Now.ToUnixTimeSeconds(), Body);
        Assert.True(WebhookSignature.Verify("s3cret", "1800000000", signature, Body, Now.AddSeconds(100), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_receiver_refuses_a_changed_body_a_wrong_secret_an_old_timestamp_or_a_missing_header()
    {
        var signature = WebhookSignature.Sign("s3cret", Now.ToUnixTimeSeconds(), Body);
        var tolerance = TimeSpan.FromMinutes(5);
        Assert.False(WebhookSignature.Verify("s3cret", "1800000000", signature, Encoding.UTF8.GetBytes("""{"id":"6a1f","cameraId":"yard"}"""), Now, tolerance));
        Assert.False(WebhookSignature.Verify("other", "1800000000", signature, Body, Now, tolerance));
        // A captured request replayed later, or with its timestamp moved: the timestamp is signed too.
        Assert.False(WebhookSignature.Verify("s3cret", "1800000000", signature, Body, Now.AddMinutes(6), tolerance));
        Assert.False(WebhookSignature.Verify("s3cret", "1800000300", signature, Body, Now.AddMinutes(5), tolerance));
        Assert.False(WebhookSignature.Verify("s3cret", null, signature, Body, Now, tolerance));
        Assert.False(WebhookSignature.Verify("s3cret", "1800000000", null, Body, Now, tolerance));
        Assert.False(WebhookSignature.Verify("s3cret", "1800000000", signature.Replace("sha256=", "sha1="), Body, Now, tolerance));
    }
}
