namespace Cosell.Protocol.Pipeline;

public sealed class PipelineOptions
{
    /// <summary>Largest request body accepted; larger ones get a JSON 413 (the biggest modeled request is far smaller).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>JSON nesting the parser accepts; the model's deepest input is about 8 levels.</summary>
    public int MaxJsonDepth { get; set; } = 64;
}
