/** Why a document was refused; `reason` is safe to show (it never quotes document content). */
export class XmlDocumentError extends Error {
  override name = 'XmlDocumentError' as const;
}
