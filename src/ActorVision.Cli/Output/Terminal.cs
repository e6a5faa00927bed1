using Spectre.Console;

namespace ActorVision.Cli.Output;

/// <summary>
/// Where a command writes: Spectre consoles for tables and progress, raw writers for JSON and errors.
/// A redirected stream gets no ANSI codes, no live widgets and a wide fixed width, so files and pipes
/// receive plain text.
/// </summary>
public sealed class Terminal
{
    private const int RedirectedWidth = 200;

    public Terminal(TextWriter output, TextWriter error, bool outputIsTerminal, bool errorIsTerminal, bool noColor, Func<Stream> openStandardOutput)
    {
        Out = output;
        Error = error;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        Screen = Create(output, outputIsTerminal, noColor);
        ErrorScreen = Create(error, errorIsTerminal, noColor);
        OpenStandardOutput = openStandardOutput;
    }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public bool OutputIsTerminal { get; }
    public bool ErrorIsTerminal { get; }
    /// <summary>Spectre console on stdout.</summary>
    public IAnsiConsole Screen { get; }
    /// <summary>Spectre console on stderr: progress goes here when stdout carries JSON.</summary>
    public IAnsiConsole ErrorScreen { get; }
    /// <summary>Raw stdout for binary-safe output (job results).</summary>
    public Func<Stream> OpenStandardOutput { get; }

    public static Terminal ForProcess(Func<string, string?> environment)
    {
        var noColor = !string.IsNullOrEmpty(environment("NO_COLOR")) || environment("TERM") == "dumb";
        return new Terminal(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected, noColor,
            Console.OpenStandardOutput);
    }

    /// <summary>A terminal whose streams are plain text writers (tests, embedding).</summary>
    public static Terminal ForWriters(TextWriter output, TextWriter error, Func<Stream>? openStandardOutput = null) =>
        new(output, error, false, false, true, openStandardOutput ?? (() => Stream.Null));

    private static IAnsiConsole Create(TextWriter writer, bool isTerminal, bool noColor)
    {
        var colours = isTerminal && !noColor;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colours ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!isTerminal)
            console.Profile.Width = RedirectedWidth;
        return console;
    }
}
