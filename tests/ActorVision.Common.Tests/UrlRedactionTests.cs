namespace ActorVision.Common.Tests;

public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("rtsp://admin:secret@10.0.0.5:554/stream1", "rtsp://***@10.0.0.5:554/stream1")]
    [InlineData("rtsp://user@cam/live", "rtsp://***@cam/live")]
    [InlineData("rtsp://cam.local/live", "rtsp://cam.local/live")]
    [InlineData("http://cam/video.mjpg?user=a&password=p@ss&res=hd", "http://cam/video.mjpg?user=a&password=***&res=hd")]
    [InlineData("https://cdn/x.m3u8?token=abc", "https://cdn/x.m3u8?token=***")]
    [InlineData("/recordings/a@b.mp4", "/recordings/a@b.mp4")]
    [InlineData("", "")]
    public void Credentials_are_removed_and_everything_else_kept(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.Redact(url));

    [Theory]
    // FFmpeg splits the user info at the last @ of the authority: all of "admin:p@ss" is what it sends.
    [InlineData("rtsp://admin:p@ss@cam/live", "rtsp://***@cam/live")]
    [InlineData("rtsp://admin:p@ss@w@rd@cam:554/live", "rtsp://***@cam:554/live")]
    [InlineData("rtsp://[fe80::1]:554/live", "rtsp://[fe80::1]:554/live")]
    [InlineData("rtsp://admin:pw@[fe80::1]:554/live", "rtsp://***@[fe80::1]:554/live")]
    // A '/', '?' or '#' typed unencoded in a password: FFmpeg cannot use such a URL, but it must not be shown either.
    [InlineData("rtsp://admin:pa/ss@cam/live", "rtsp://***@cam/live")]
    [InlineData("rtsp://admin:pa?ss@cam/live", "rtsp://***@cam/live")]
    [InlineData("rtsp://admin:pa#ss@cam/live", "rtsp://***@cam/live")]
    // An @ in a path or query after a real host is not user info.
    [InlineData("http://cam:8080/a@b.jpg", "http://cam:8080/a@b.jpg")]
    [InlineData("http://cam/clips?owner=ops@example.com", "http://cam/clips?owner=ops@example.com")]
    public void The_user_info_is_what_FFmpeg_would_send(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.Redact(url));

    [Theory]
    [InlineData("api_key")]
    [InlineData("apikey")]
    [InlineData("API-KEY")]
    [InlineData("access_key")]
    [InlineData("X-Amz-Signature")]
    [InlineData("X-Amz-Credential")]
    [InlineData("X-Amz-Security-Token")]
    [InlineData("jwt")]
    [InlineData("token")]
    [InlineData("access_token")]
    [InlineData("client_secret")]
    [InlineData("sig")]
    [InlineData("code")]
    [InlineData("pwd")]
    [InlineData("x%2Dapi%2Dkey")]
    public void Secret_query_values_are_masked_whatever_the_spelling_of_their_key(string key)
    {
        var redacted = UrlRedaction.Redact($"https://store.example/v.m3u8?res=hd&{key}=s3cr3t&fps=5");
        Assert.Equal($"https://store.example/v.m3u8?res=hd&{key}=***&fps=5", redacted);
    }

    [Fact]
    public void Secrets_in_the_fragment_and_after_semicolons_are_masked_too() =>
        Assert.Equal("https://cam/live?a=1;token=***#access_token=***&x=y", UrlRedaction.Redact("https://cam/live?a=1;token=t1#access_token=t2&x=y"));

    [Fact]
    public void URLs_nested_in_an_FFmpeg_protocol_are_redacted() =>
        Assert.Equal("concat:rtsp://***@a/x|rtsp://b/y", UrlRedaction.Redact("concat:rtsp://u:pw@a/x|rtsp://b/y"));

    [Theory]
    [InlineData("https://hooks.slack.com/services/T0AAA1111/B0BBB2222/XXXXXXXXXXXXXXXXXXXXXXXX", "https://hooks.slack.com/services/***/***/***")]
    [InlineData("https://discord.com/api/webhooks/123456789012345678/Xy7-abcDEF_ghi0JKLmno12345pqrStUvWxYz", "https://discord.com/api/webhooks/***/***")]
    [InlineData("https://fn.example.net/api/alert?code=Zm9vYmFy&clientId=default", "https://fn.example.net/api/alert?code=***&clientId=***")]
    [InlineData("http://ops:pw@alerts.internal:8080/v2/events#frag", "http://***@alerts.internal:8080/v2/events")]
    [InlineData("https://api.telegram.org/bot123456:ABC-DEF1234ghIkl/sendMessage", "https://api.telegram.org/***/sendMessage")]
    public void Delivery_endpoints_keep_only_plain_words_of_their_path(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.RedactEndpoint(url));

    [Fact]
    public void Urls_inside_log_lines_are_redacted()
    {
        var line = "[rtsp @ 0x1] method DESCRIBE failed for rtsp://admin:hunter2@cam:554/s: 401 Unauthorized";
        var redacted = UrlRedaction.RedactInText(line);
        Assert.DoesNotContain("hunter2", redacted);
        Assert.Contains("rtsp://***@cam:554/s", redacted);
    }

    [Fact]
    public void Several_urls_in_one_line_are_each_redacted_and_the_text_between_kept() =>
        Assert.Equal("Opening 'https://cdn/seg1.ts?X-Amz-Signature=***' after rtsp://***@cam failed",
            UrlRedaction.RedactInText("Opening 'https://cdn/seg1.ts?X-Amz-Signature=abc' after rtsp://a:p@ss@cam failed"));

    [Fact]
    public void Akka_addresses_keep_the_actor_system_name() =>
        Assert.Equal("joined akka.tcp://actorvision@10.0.0.5:4053 from rtsp://***@cam",
            UrlRedaction.RedactInText("joined akka.tcp://actorvision@10.0.0.5:4053 from rtsp://u:p@cam"));

    [Fact]
    public void A_url_and_its_redacted_form_compare_equal_without_credentials()
    {
        const string url = "rtsp://admin:hunter2@cam/s?password=x&res=hd";
        Assert.Equal(UrlRedaction.WithoutCredentials(url), UrlRedaction.WithoutCredentials(UrlRedaction.Redact(url)));
        Assert.Equal("rtsp://cam/s?password=&res=hd", UrlRedaction.WithoutCredentials(url));
        Assert.NotEqual(UrlRedaction.WithoutCredentials(url), UrlRedaction.WithoutCredentials("rtsp://admin:hunter2@other/s?password=x&res=hd"));
    }

    [Fact]
    public void Text_without_urls_is_returned_as_it_is()
    {
        const string text = "camera lobby: no video stream (container tty)";
        Assert.Same(text, UrlRedaction.RedactInText(text));
    }
}
