/**
 * A binary min-heap of due times with O(log n) insert, remove and update of any entry: every entry
 * remembers its own index, so stopping one task among 100,000 does not scan the heap. Ties are broken
 * by insertion order, so tasks due at the same instant run in the order they were scheduled.
 */
export interface DueEntry<T> {
  readonly value: T;
  /** ms epoch at which the entry is due. */
  due: number;
  /** Insertion sequence number, the tie-breaker. */
  seq: number;
  /** Position in the heap array, or -1 when the entry is not queued. */
  index: number;
}

export class DueQueue<T> {
  #heap: DueEntry<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  /** The earliest entry, without removing it. */
  peek(): DueEntry<T> | undefined {
    return this.#heap[0];
  }

  /** Queues `value` at `due`; returns its entry, which `remove` and `reschedule` take. */
  push(value: T, due: number): DueEntry<T> {
    const entry: DueEntry<T> = { value, due, seq: this.#seq++, index: this.#heap.length };
    this.#heap.push(entry);
    this.#up(entry.index);
    return entry;
  }

  /** Removes and returns the earliest entry. */
  pop(): DueEntry<T> | undefined {
    const first = this.#heap[0];
    if (first !== undefined) this.remove(first);
    return first;
  }

  /** Takes `entry` out of the queue; a no-op for an entry that is not queued. */
  remove(entry: DueEntry<T>): void {
    const { index } = entry;
    if (index < 0 || this.#heap[index] !== entry) return;
    const last = this.#heap.pop() as DueEntry<T>;
    entry.index = -1;
    if (last === entry) return;
    this.#heap[index] = last;
    last.index = index;
    this.#down(index);
    this.#up(last.index);
  }

  /** Changes the due time of a queued entry, or queues it again if it was removed. */
  reschedule(entry: DueEntry<T>, due: number): void {
    if (entry.index < 0) {
      entry.due = due;
      entry.seq = this.#seq++;
      entry.index = this.#heap.length;
      this.#heap.push(entry);
      this.#up(entry.index);
      return;
    }
    const earlier = due < entry.due;
    entry.due = due;
    entry.seq = this.#seq++;
    if (earlier) this.#up(entry.index);
    else this.#down(entry.index);
  }

  clear(): void {
    for (const entry of this.#heap) entry.index = -1;
    this.#heap = [];
  }

  #before(a: DueEntry<T>, b: DueEntry<T>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap;
    const a = heap[i] as DueEntry<T>;
    const b = heap[j] as DueEntry<T>;
    heap[i] = b;
    heap[j] = a;
    a.index = j;
    b.index = i;
  }

  #up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(this.#heap[i] as DueEntry<T>, this.#heap[parent] as DueEntry<T>)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(index: number): void {
    const heap = this.#heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.#before(heap[left] as DueEntry<T>, heap[smallest] as DueEntry<T>))
        smallest = left;
      if (right < heap.length && this.#before(heap[right] as DueEntry<T>, heap[smallest] as DueEntry<T>))
        smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}
