// The storage side of "text a workbook cannot hold never enters the database" (DESIGN §4): every
// string a query carries — inserts, updates, conditions — passes core's holdableText. The
// request hook (http/text.ts) and the ledger converter remove the same characters earlier and
// say so; this catches what no user sees (the CLI's arguments, file and sheet names, the demo).
import { OperationNodeTransformer, type KyselyPlugin, type PrimitiveValueListNode, type ValueNode } from 'kysely';
import { holdableText } from '../../core/text';

class HoldableValues extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return typeof node.value === 'string' ? { ...node, value: holdableText(node.value) } : node;
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map((v) => (typeof v === 'string' ? holdableText(v) : v)) };
  }
}

export function holdableTextPlugin(): KyselyPlugin {
  const transformer = new HoldableValues();
  return {
    transformQuery: ({ node }) => transformer.transformNode(node),
    transformResult: async ({ result }) => result,
  };
}
