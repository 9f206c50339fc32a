// A sorted list of names answering "which names start with this prefix" by binary search.
export class NameIndex {
  private readonly names: string[];

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].sort();
  }

  get size(): number {
    return this.names.length;
  }

  withPrefix(prefix: string, limit: number): string[] {
    let lo = 0;
    let hi = this.names.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.names[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.names.length && out.length < limit && this.names[i]!.startsWith(prefix); i++) {
      out.push(this.names[i]!);
    }
    return out;
  }
}
