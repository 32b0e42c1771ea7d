namespace Cosell.Service.Ports;

/// <summary>The only source of randomness in business code, so tests can make ids predictable.</summary>
public interface IIdGenerator
{
    /// <summary><paramref name="length"/> random characters of [0-9a-z].</summary>
    string Random(int length);

    /// <summary>A random UUID (event ids).</summary>
    Guid NewGuid();
}
