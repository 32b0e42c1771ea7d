namespace Cosell.Model.Json;

/// <summary>A model enum: a string value that may be outside the known set (SDKs pass unknown values through).</summary>
public interface IStringEnum<TSelf> where TSelf : struct, IStringEnum<TSelf>
{
    string Value { get; }
    static abstract TSelf Create(string value);
}
