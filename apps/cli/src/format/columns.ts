/** The keys of `order` that at least one of `rows` has (a defined value for), in the order of `order`. */
export function presentColumns<Row extends object, Key extends keyof Row & string>(rows: readonly Row[], order: readonly Key[]): Key[] {
  return order.filter((key) => rows.some((row) => row[key] !== undefined));
}
