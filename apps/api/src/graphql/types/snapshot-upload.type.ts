import { Field, InputType } from '@nestjs/graphql';

@InputType('SnapshotFileInput', { description: 'One file of a snapshot folder, as a folder dragged into a browser gives it.' })
export class SnapshotFileInput {
  @Field({ description: 'Path inside the folder (`hosts/node-1/iptables-save.txt`); a common top folder is dropped.' })
  path!: string;

  @Field({ description: 'The file as UTF-8 text.' })
  content!: string;
}
