// What a method that leaves the image encoder alone trains instead, in words for the Scope field (which
// only applies to methods that train the encoder): each method's descriptor says it (protocol/methods/).
export { methodTrains } from '../../protocol/methods/registry';
